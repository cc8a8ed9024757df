import { createEncoder } from '../index.js';
import type { TimeseriesRow } from '../index.js';

const quix = createEncoder('quix');
/** The quix format always has these messages; fail loudly if one is missing. */
const must = <T>(message: T | null): T => {
  if (message === null) throw new Error('expected a message');
  return message;
};
const text = (value: Buffer) => value.toString('utf8');
/** The V text as the C# reader takes it: value bytes [S, E). */
function sliceV(value: Buffer): string {
  const [, s, e] = /,"S":(\d+),"E":(\d+)\}$/.exec(text(value)) ?? [];
  return value.subarray(Number(s), Number(e)).toString('utf8');
}

describe('quix format: the envelope', () => {
  it('writes the sample one-row ParameterData of quix-format.md exactly, with S=34', () => {
    const [message] = quix.encodeRows(
      [{ timestamp: 1700000000000000000n, numeric: { cpu: 12.5 }, tags: { host: 'srv1' } }],
      1_000_000,
    );
    const v =
      '{"Timestamps":[1700000000000000000],"NumericValues":{"cpu":[12.5]},"StringValues":{},' +
      '"BinaryValues":{},"TagValues":{"host":["srv1"]}}';
    expect(text(message.value)).toBe(`{"C":"JT","K":"ParameterData","V":${v},"S":34,"E":${34 + v.length}}`);
    expect(message).toMatchObject({ timestampMs: '1700000000000', itemCount: 1 });
  });

  it.each([
    ['ParameterData', 34, () => quix.encodeRows([{ timestamp: 1n }], 1e6)[0]],
    ['EventData[]', 32, () => quix.encodeEvents([{ id: 'a', value: 'b', timestamp: 1n }], 1e6)[0]],
    ['StreamProperties', 37, () => quix.encodeProperties({}, 1n)],
    ['StreamEnd', 30, () => quix.encodeStreamEnd('Closed', 1n)],
  ])('%s starts V at byte S=%i', (key, s, encode) => {
    const value = must(encode()).value;
    expect(text(value).startsWith(`{"C":"JT","K":"${key}","V":`)).toBe(true);
    expect(text(value)).toContain(`,"S":${s},"E":`);
    expect(text(value.subarray(0, s)).endsWith('"V":')).toBe(true);
  });

  it('counts E in UTF-8 bytes, not UTF-16 code units', () => {
    const [message] = quix.encodeRows([{ timestamp: 1n, strings: { s: 'é😀\u2028' }, tags: { 'ü': '"' } }], 1e6);
    const v = '{"Timestamps":[1],"NumericValues":{},"StringValues":{"s":["é😀\u2028"]},"BinaryValues":{},"TagValues":{"ü":["\\""]}}';
    expect(sliceV(message.value)).toBe(v);
    expect(text(message.value)).toContain(`"E":${34 + Buffer.byteLength(v)}}`);
  });
});

describe('quix format: ParameterData', () => {
  it('aligns every column with Timestamps, null where a row lacks the value or tag', () => {
    const rows: TimeseriesRow[] = [
      { timestamp: 1700000000000000001n, numeric: { a: 1 } },
      { timestamp: 1700000000000000002n, strings: { s: 'x' }, binary: { b: Uint8Array.of(1, 2, 3) }, tags: { t: 'v' } },
      { timestamp: 1700000000000000003n, numeric: { a: null } },
    ];
    expect(sliceV(quix.encodeRows(rows, 1e6)[0].value)).toBe(
      '{"Timestamps":[1700000000000000001,1700000000000000002,1700000000000000003],' +
        '"NumericValues":{"a":[1,null,null]},"StringValues":{"s":[null,"x",null]},' +
        '"BinaryValues":{"b":[null,"AQID",null]},"TagValues":{"t":[null,"v",null]}}',
    );
  });

  it.each([
    [0.1, '0.1'],
    [-0, '0'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [Number.MAX_SAFE_INTEGER + 2, '9007199254740992'],
  ])('writes the number %p as JSON.stringify does: %s', (n, written) => {
    expect(sliceV(quix.encodeRows([{ timestamp: 0n, numeric: { n } }], 1e6)[0].value)).toContain(`"n":[${written}]`);
  });

  it('starts a new message when a name changes value kind (Python would merge the columns)', () => {
    const messages = quix.encodeRows([{ timestamp: 1n, numeric: { x: 1 } }, { timestamp: 2n, strings: { x: 'one' } }], 1e6);
    expect(messages.map((m) => m.itemCount)).toEqual([1, 1]);
  });

  it('packs greedily: a message of exactly maxBytes holds both rows, one byte less splits them', () => {
    const rows: TimeseriesRow[] = [
      { timestamp: 1_000_000n, numeric: { a: 1 } },
      { timestamp: 2_000_000n, numeric: { a: 2 } },
    ];
    const both = quix.encodeRows(rows, Infinity)[0].value.length;
    expect(quix.encodeRows(rows, both).map((m) => m.itemCount)).toEqual([2]);
    const split = quix.encodeRows(rows, both - 1);
    expect(split.map((m) => [m.itemCount, m.timestampMs])).toEqual([[1, '1'], [1, '2']]);
  });

  it('returns no message for no rows or events', () => {
    expect(quix.encodeRows([], 100)).toEqual([]);
    expect(quix.encodeEvents([], 100)).toEqual([]);
  });

  it('says the size and the limit when one row alone is too large', () => {
    const row = { timestamp: 1n, strings: { s: 'x'.repeat(100) } };
    const size = quix.encodeRows([row], Infinity)[0].value.length;
    expect(() => quix.encodeRows([row], 150)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LARGE', message: expect.stringContaining(`${size} bytes`) }),
    );
    expect(() => quix.encodeRows([row], 150)).toThrow(/limit of 150 bytes/);
  });
});

describe('quix format: events, properties, stream end', () => {
  it('batches events into one EventData[] with Tags always present', () => {
    const messages = quix.encodeEvents(
      [
        { id: 'alarm', value: 'high', timestamp: 1700000000123456789n, tags: { unit: '°C' } },
        { id: 'alarm', value: 'ok', timestamp: 1700000000223456789n },
      ],
      1e6,
    );
    expect(messages).toHaveLength(1);
    expect(sliceV(messages[0].value)).toBe(
      '[{"Id":"alarm","Value":"high","Tags":{"unit":"°C"},"Timestamp":1700000000123456789},' +
        '{"Id":"alarm","Value":"ok","Tags":{},"Timestamp":1700000000223456789}]',
    );
    expect(messages[0]).toMatchObject({ timestampMs: '1700000000123', itemCount: 2 });
  });

  it('writes StreamProperties with every field, absent ones as null or empty', () => {
    const full = quix.encodeProperties(
      { name: 'car 1', location: '/cars', metadata: { driver: 'Ana' }, parents: ['p'], timeOfRecording: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) },
      1_500_000n,
    );
    expect(sliceV(must(full).value)).toBe(
      '{"Name":"car 1","Location":"/cars","Metadata":{"driver":"Ana"},"Parents":["p"],"TimeOfRecording":"2024-01-02T03:04:05.006Z"}',
    );
    expect(must(full)).toMatchObject({ timestampMs: '1', itemCount: 0 });
    expect(sliceV(must(quix.encodeProperties({}, 0n)).value)).toBe(
      '{"Name":null,"Location":null,"Metadata":{},"Parents":[],"TimeOfRecording":null}',
    );
  });

  it.each(['Closed', 'Aborted', 'Terminated'] as const)('writes StreamEnd %s', (type) => {
    expect(text(must(quix.encodeStreamEnd(type, 2_000_000n)).value)).toBe(
      `{"C":"JT","K":"StreamEnd","V":{"StreamEndType":"${type}"},"S":30,"E":${30 + 26 + type.length - 6}}`,
    );
  });
});
