import { createEncoder, MESSAGE_FORMATS, MessageSchemaError } from '../index.js';
import type { EventRecord, MessageFormat, StreamEndType, StreamProperties, TimeseriesRow } from '../index.js';

/** Bad input must fail the same way in both formats, before anything is written. */
describe.each(MESSAGE_FORMATS)('%s format refuses bad input', (format: MessageFormat) => {
  const encoder = createEncoder(format);

  it.each<[string, TimeseriesRow]>([
    ['a value named Timestamp', { timestamp: 1n, numeric: { Timestamp: 1 } }],
    ['a value named Tags', { timestamp: 1n, strings: { Tags: 'x' } }],
    ['a binary value named Tags', { timestamp: 1n, binary: { Tags: null } }],
    ['an empty value name', { timestamp: 1n, numeric: { '': 1 } }],
    ['an empty tag name', { timestamp: 1n, tags: { '': 'x' } }],
    ['NaN', { timestamp: 1n, numeric: { a: NaN } }],
    ['Infinity', { timestamp: 1n, numeric: { a: Infinity } }],
    ['-Infinity', { timestamp: 1n, numeric: { a: -Infinity } }],
    ['a negative timestamp', { timestamp: -1n }],
    ['a number timestamp', { timestamp: 1 as unknown as bigint }],
    ['a name in two value kinds', { timestamp: 1n, numeric: { a: 1 }, strings: { a: 'x' } }],
    ['a string as a numeric value', { timestamp: 1n, numeric: { a: '1' as unknown as number } }],
    ['a boolean as a numeric value', { timestamp: 1n, numeric: { a: true as unknown as number } }],
    ['a number as a string value', { timestamp: 1n, strings: { a: 1 as unknown as string } }],
    ['an array as a binary value', { timestamp: 1n, binary: { a: [1] as unknown as Uint8Array } }],
    ['a null tag value', { timestamp: 1n, tags: { t: null as unknown as string } }],
    ['numeric that is not an object', { timestamp: 1n, numeric: null as unknown as Record<string, number> }],
  ])('INVALID_ROW for %s', (_case, row) => {
    const attempt = () => encoder.encodeRows([{ timestamp: 0n }, row], 1e6);
    expect(attempt).toThrow(MessageSchemaError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_ROW', retriable: false, message: expect.stringMatching(/^Row 1 /) }));
  });

  it.each<[string, EventRecord]>([
    ['a number id', { id: 1 as unknown as string, value: 'v', timestamp: 1n }],
    ['an object value', { id: 'i', value: {} as unknown as string, timestamp: 1n }],
    ['a negative timestamp', { id: 'i', value: 'v', timestamp: -5n }],
    ['a non-string tag', { id: 'i', value: 'v', timestamp: 1n, tags: { t: 1 as unknown as string } }],
  ])('INVALID_EVENT for %s', (_case, event) => {
    expect(() => encoder.encodeEvents([event], 1e6)).toThrow(expect.objectContaining({ code: 'INVALID_EVENT' }));
  });

  it.each<[string, StreamProperties]>([
    ['an invalid Date', { timeOfRecording: new Date('nope') }],
    ['a number name', { name: 1 as unknown as string }],
    ['a non-string metadata value', { metadata: { a: null as unknown as string } }],
    ['a non-string parent', { parents: [1 as unknown as string] }],
  ])('INVALID_PROPERTIES for %s', (_case, properties) => {
    expect(() => encoder.encodeProperties(properties, 1n)).toThrow(expect.objectContaining({ code: 'INVALID_PROPERTIES' }));
  });

  it.each<[string, () => unknown]>([
    ['maxBytes 0', () => encoder.encodeRows([], 0)],
    ['maxBytes -1', () => encoder.encodeEvents([], -1)],
    ['maxBytes NaN', () => encoder.encodeRows([], NaN)],
    ['an unknown stream end type', () => encoder.encodeStreamEnd('Done' as StreamEndType, 1n)],
    ['a negative properties time', () => encoder.encodeProperties({}, -1n)],
    ['a number stream end time', () => encoder.encodeStreamEnd('Closed', 1 as unknown as bigint)],
  ])('INVALID_ARGUMENT for %s', (_case, attempt) => {
    expect(attempt).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('accepts what the rules allow: nulls, unicode names, a zero timestamp', () => {
    const rows: TimeseriesRow[] = [{ timestamp: 0n, numeric: { 'é😀': null }, strings: { timestamp: null }, tags: { Tags: 'x' } }];
    expect(encoder.encodeRows(rows, 1e6)).toHaveLength(1);
  });
});

describe('createEncoder', () => {
  it.each(MESSAGE_FORMATS)('gives the %s encoder', (format) => {
    expect(createEncoder(format).format).toBe(format);
  });

  it('refuses an unknown format, naming the known ones', () => {
    expect(() => createEncoder('avro' as MessageFormat)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('json, quix') }),
    );
  });
});
