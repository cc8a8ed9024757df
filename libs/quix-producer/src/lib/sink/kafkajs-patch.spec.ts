import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';

// patches/kafkajs+2.2.4.patch, applied by `npm install` (postinstall) and the image build.
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
    const source = readFileSync(modulePath, 'utf8');
    expect(source).toContain('Patched by quix-connectors');
    expect(source).not.toContain('Object.assign(result, { [partition]: [...current');
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
    expect(readFileSync(patchedPath, 'utf8')).toContain('Patched by quix-connectors');
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
