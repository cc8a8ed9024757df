import { createEncoder, decodeMessage, MESSAGE_FORMATS, type DecodedPackage } from '@quix-connectors/message-schema';
import { jsonLine, prettyLine, tailItems } from './package-lines.ts';

const decoded = (value: Buffer): DecodedPackage => {
  const d = decodeMessage(value);
  if (!d) throw new Error(`not decodable: ${value.toString()}`);
  return d;
};

describe.each(MESSAGE_FORMATS)('tail items from the %s format', (format) => {
  const encoder = createEncoder(format);

  it('gives one row per timestamp with its numbers, strings, bytes and tags, nanoseconds exact', () => {
    const items = encoder
      .encodeRows(
        [
          { timestamp: 1_733_300_000_123_456_789n, numeric: { cpu: 12.5 }, strings: { state: 'ok' }, tags: { host: 'a' } },
          { timestamp: 1_733_300_001_000_000_001n, numeric: { cpu: 99 }, binary: { raw: Uint8Array.from([1, 2]) } },
        ],
        1e6,
      )
      .flatMap((m) => tailItems('cpu-a', decoded(m.value)));
    expect(items).toEqual([
      { stream: 'cpu-a', type: 'row', timestamp: '1733300000123456789', values: { cpu: 12.5, state: 'ok' }, tags: { host: 'a' } },
      { stream: 'cpu-a', type: 'row', timestamp: '1733300001000000001', values: { cpu: 99, raw: 'AQI=' } },
    ]);
  });

  it('gives events with their id, value and tags', () => {
    const items = encoder
      .encodeEvents([{ id: 'push', value: '{"ref":"main"}', timestamp: 5_000_000_000n, tags: { repo: 'x' } }], 1e6)
      .flatMap((m) => tailItems(null, decoded(m.value)));
    expect(items).toEqual([{ stream: null, type: 'event', timestamp: '5000000000', values: { id: 'push', value: '{"ref":"main"}' }, tags: { repo: 'x' } }]);
  });
});

describe('tail lines', () => {
  const row = { stream: 'cpu-a', type: 'row' as const, timestamp: '1733300000123456789', values: { cpu: 12.5, note: 'two words' }, tags: { host: 'a' } };

  it('JSON lines parse back to the item, the timestamp a string so no nanosecond is rounded', () => {
    expect(JSON.parse(jsonLine(row))).toEqual(row);
  });

  it('pretty lines show the time, stream, type and name=value pairs, quoting what has spaces', () => {
    expect(prettyLine(row)).toBe('2024-12-04T08:13:20.123Z  cpu-a  row         cpu=12.5 note="two words" #host=a');
  });

  it('shows stream properties and end from the quix format', () => {
    const quix = createEncoder('quix');
    const properties = quix.encodeProperties({ name: 'CPU', metadata: { site: 'lab' } }, 1n);
    const end = quix.encodeStreamEnd('Closed', 2n);
    const items = [properties, end].flatMap((m) => (m ? tailItems('s', decoded(m.value)) : []));
    expect(items.map((i) => [i.type, i.values['name'] ?? i.values['type']])).toEqual([
      ['properties', 'CPU'],
      ['end', 'Closed'],
    ]);
    expect(prettyLine(items[1] as (typeof items)[number])).toMatch(/^-{24} {2}s {2}end {9}type=Closed$/);
  });

  it('shows a timestamp no clock can hold as its raw nanoseconds', () => {
    expect(prettyLine({ ...row, timestamp: '999999999999999999999999' })).toContain('999999999999999999999999ns');
  });
});
