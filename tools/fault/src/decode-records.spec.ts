import { createEncoder } from '@quix-connectors/message-schema';
import type { EventRecord, MessageFormat, TimeseriesRow } from '@quix-connectors/message-schema';
import { decodeMessages } from './decode-records.js';

const T0 = 1_800_000_000_000_000_123n; // beyond 2^53: must come back exact
const rows: TimeseriesRow[] = [
  { timestamp: T0, numeric: { id: 1, value: 0.5 }, strings: { name: 'a' }, tags: { host: 'h' } },
  { timestamp: T0 + 100n, numeric: { id: 2, value: null }, strings: { name: 'b' } },
];
const events: EventRecord[] = [
  { id: 'w-1', value: '{"id":"w-1"}', timestamp: T0 },
  { id: 'w-2', value: '{"id":"w-2"}', timestamp: T0 + 1n, tags: { 'delivery-id': 'd' } },
];

/** What the apps write, made by the same encoders they use. */
function encoded(format: MessageFormat): { value: Buffer }[] {
  const encoder = createEncoder(format);
  return [
    encoder.encodeProperties({ name: 'fault' }, T0),
    ...encoder.encodeRows(rows, 1_000_000),
    ...encoder.encodeEvents(events, 1_000_000),
    encoder.encodeStreamEnd('Closed', T0 + 2n),
  ].filter((m) => m !== null);
}

describe.each(['json', 'quix'] as const)('decodeMessages, %s format', (format) => {
  const topic = decodeMessages(encoded(format), format);

  it('gives every row with its exact nanosecond time and its values and tags, nulls left out', () => {
    expect(topic.rows).toEqual([
      { timestamp: T0, values: { id: 1, value: 0.5, name: 'a', host: 'h' } },
      { timestamp: T0 + 100n, values: { id: 2, name: 'b' } },
    ]);
  });

  it('gives every event with its id', () => {
    expect(topic.events).toEqual([
      { id: 'w-1', value: '{"id":"w-1"}', timestamp: T0 },
      { id: 'w-2', value: '{"id":"w-2"}', timestamp: T0 + 1n },
    ]);
  });

  it('names the control messages and counts nothing undecodable', () => {
    expect(topic.controls).toEqual(format === 'quix' ? ['StreamProperties', 'StreamEnd'] : []);
    expect(topic.undecodable).toBe(0);
  });
});

it('counts what no reader could decode', () => {
  const topic = decodeMessages([{ value: Buffer.from('not json') }, { value: Buffer.from('{"x":1}') }, { value: Buffer.from('7') }], 'json');
  expect(topic.undecodable).toBe(3);
});
