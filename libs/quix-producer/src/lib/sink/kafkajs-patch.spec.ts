import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';

// patches/kafkajs+2.2.4.patch, applied by `npm install` (postinstall) and the image build.

/** An installed kafkajs file's source, once it is checked to carry our patch's marker. */
function patchedSource(path: string): string {
  const source = readFileSync(path, 'utf8');
  expect(source).toContain('Patched by quix-connectors');
  return source;
}

const require = createRequire(__filename);
const modulePath = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
type Message = { key: string; value: string };
const groupMessagesPerPartition = require(modulePath) as (args: {
  topic: string;
  partitionMetadata: { partitionId: number }[];
  messages: Message[];
  partitioner: (args: { message: Message }) => number;
}) => Record<string, Message[]>;

describe("kafkajs's grouping of a send's messages by partition (patched)", () => {
  it('is the patched one: it no longer copies the partition list for every message, which made a send of n messages cost n²', () => {
    expect(patchedSource(modulePath)).not.toContain('Object.assign(result, { [partition]: [...current');
  });

  it('groups messages by the partitioner’s answer, in their order', () => {
    const messages = Array.from({ length: 7 }, (_, i) => ({ key: `k${i % 3}`, value: String(i) }));
    const grouped = groupMessagesPerPartition({
      topic: 't',
      partitionMetadata: [{ partitionId: 0 }, { partitionId: 1 }, { partitionId: 2 }],
      messages,
      partitioner: ({ message }) => Number(message.key.slice(1)),
    });
    expect(Object.keys(grouped)).toEqual(['0', '1', '2']);
    expect(grouped['0'].map((m) => m.value)).toEqual(['0', '3', '6']);
    expect(grouped['1'].map((m) => m.value)).toEqual(['1', '4']);
    expect(grouped['2'].map((m) => m.value)).toEqual(['2', '5']);
  });

  it('answers nothing for a topic without partition metadata, as before', () => {
    expect(groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ key: 'k', value: 'v' }], partitioner: () => 0 })).toEqual({});
  });
});

describe("kafkajs's CRC-32C of a record batch (patched)", () => {
  const patchedPath = require.resolve('kafkajs/src/protocol/recordBatch/crc32C/index.js');
  const crc32C = require(patchedPath) as (buffer: Buffer) => number;
  // kafkajs's own byte-at-a-time implementation, which the patch no longer calls.
  const original = require('kafkajs/src/protocol/recordBatch/crc32C/crc32C.js') as (buffer: Buffer) => number;

  it('is the patched one', () => {
    patchedSource(patchedPath);
  });

  it('gives the standard check value, unsigned', () => {
    expect(crc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32C(Buffer.alloc(0))).toBe(0);
  });

  it('gives the same answers as kafkajs’s own implementation, at every length and alignment', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(15), (bytes, offset) => {
        // A view into a larger buffer, as kafkajs's Encoder hands over.
        const backing = Buffer.alloc(bytes.length + offset);
        backing.set(bytes, offset);
        const view = backing.subarray(offset);
        expect(crc32C(view)).toBe(original(view));
      }),
      { numRuns: 500 },
    );
  });
});

describe("kafkajs's varints and records (patched to write in place)", () => {
  type Encoder = { writeVarInt(v: number): Encoder; writeVarLong(v: number | bigint): Encoder; writeUVarInt(v: number): Encoder; buffer: Buffer };
  const encoderPath = require.resolve('kafkajs/src/protocol/encoder.js');
  const EncoderClass = require(encoderPath) as {
    new (initialSize?: number): Encoder;
    sizeOfVarInt(v: number): number;
    sizeOfVarLong(v: number | bigint): number;
  };
  const Decoder = require('kafkajs/src/protocol/decoder.js') as new (b: Buffer) => { readVarLong(): { toString(): string }; readVarInt(): number };
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (r: object) => { buffer: Buffer };
  const decodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0/decoder.js') as (
    d: unknown,
    ctx: object,
  ) => { key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer>; timestamp: string; offset: string };

  /** The protocol's zigzag varint of a signed 64-bit value, written the slow, obvious way. */
  function zigzagVarint(value: bigint): number[] {
    let rest = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    const bytes: number[] = [];
    while (rest >= 0x80n) {
      bytes.push(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    bytes.push(Number(rest));
    return bytes;
  }

  it('is the patched one', () => {
    patchedSource(encoderPath);
  });

  it('writes every int32 varint and varlong as the protocol defines, with the size it reports', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.nat(1000), (value, before) => {
        const expected = zigzagVarint(BigInt(value));
        // Written after other bytes, so a varint that crosses the buffer's end is covered too.
        const pad = Buffer.alloc(before, 7);
        expect([...writeAfter(pad, (e) => e.writeVarInt(value))]).toEqual(expected);
        expect([...writeAfter(pad, (e) => e.writeVarLong(value))]).toEqual(expected);
        expect(EncoderClass.sizeOfVarInt(value)).toBe(expected.length);
        expect(EncoderClass.sizeOfVarLong(value)).toBe(expected.length);
        expect(new Decoder(new EncoderClass().writeVarLong(value).buffer).readVarLong().toString()).toBe(String(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('still writes 64-bit varlongs outside the int32 range as the protocol defines', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: 2 ** 31, max: 2 ** 40 }), fc.integer({ min: -(2 ** 40), max: -(2 ** 31) - 1 })), (value) => {
        const expected = zigzagVarint(BigInt(value));
        expect([...new EncoderClass().writeVarLong(value).buffer]).toEqual(expected);
        expect(EncoderClass.sizeOfVarLong(value)).toBe(expected.length);
      }),
    );
  });

  it('encodes records that decode to what went in, the buffer exactly their size', () => {
    const bytes = (maxLength: number) => fc.option(fc.uint8Array({ maxLength }).map((a) => Buffer.from(a)), { nil: null });
    fc.assert(
      fc.property(
        bytes(40),
        bytes(3000),
        // Prefixed: kafkajs's decoder collects headers in a plain object, where `valueOf` already exists.
        fc.dictionary(fc.string({ maxLength: 8 }).map((name) => `h-${name}`), fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a)), { maxKeys: 3 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.nat(10_000),
        (key, value, headers, timestampDelta, offsetDelta) => {
          const encoded = Record({ key, value, headers, timestampDelta, offsetDelta }).buffer;
          const decoder = new Decoder(encoded);
          const length = decoder.readVarInt();
          expect(EncoderClass.sizeOfVarInt(length) + length).toBe(encoded.length);
          const record = decodeRecord(decoder, { firstOffset: '0', firstTimestamp: '1700000000000', magicByte: 2 });
          expect(record.key).toEqual(key);
          expect(record.value).toEqual(value);
          expect(record.offset).toBe(String(offsetDelta));
          expect(record.timestamp).toBe(String(1_700_000_000_000 + timestampDelta));
          expect(Object.keys(record.headers).sort()).toEqual(Object.keys(headers).sort());
          for (const name of Object.keys(headers)) expect(record.headers[name]).toEqual(headers[name]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encodes each record into one buffer sized for it, never copied into a larger one', () => {
    const allocations = jest.spyOn(Buffer, 'allocUnsafe');
    try {
      fc.assert(
        // Sizes drawn evenly, so records over kafkajs's old 512-byte start are common.
        fc.property(fc.nat(40), fc.nat(5000), (keyBytes, valueBytes) => {
          allocations.mockClear();
          Record({ key: Buffer.alloc(keyBytes, 1), value: Buffer.alloc(valueBytes, 2), timestampDelta: 5, offsetDelta: 1 });
          expect(allocations).toHaveBeenCalledTimes(1);
        }),
        { numRuns: 300 },
      );
    } finally {
      allocations.mockRestore();
    }
  });

  function writeAfter(pad: Buffer, write: (e: Encoder) => Encoder): Buffer {
    const encoder = new EncoderClass(1) as Encoder & { writeBuffer(b: Buffer): Encoder };
    encoder.writeBuffer(pad);
    return write(encoder).buffer.subarray(pad.length);
  }
});
