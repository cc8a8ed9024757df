import { parseJsonExact } from '@quix-connectors/message-schema';
import { ShapeError } from './poll-errors.js';
import { extractRecords, recordToRow } from './records.js';

const endpoint = { tagFields: ['station.id'], timestampField: 'time', idField: 'id' };

describe('extractRecords', () => {
  it('finds the array at the path, takes an array body as the records and any other body as one record', () => {
    expect(extractRecords({ data: { items: [1, 2] } }, 'data.items')).toEqual([1, 2]);
    expect(extractRecords([{ a: 1 }], undefined)).toEqual([{ a: 1 }]);
    expect(extractRecords({ a: 1 }, undefined)).toEqual([{ a: 1 }]);
  });

  it('rejects a body without an array at the path', () => {
    expect(() => extractRecords({ data: {} }, 'data.items')).toThrow(ShapeError);
  });
});

describe('recordToRow', () => {
  it('maps values by type, tags and the record timestamp', () => {
    const { row, id } = recordToRow(
      { id: 7, time: '2026-01-01T00:00:00.000Z', temp: 21.5, ok: true, off: false, name: 'x', list: [1], none: null, station: { id: 'S1', h: 3 } },
      endpoint,
      0,
    );
    expect(id).toBe('7');
    expect(row).toEqual({
      timestamp: BigInt(Date.parse('2026-01-01T00:00:00Z')) * 1_000_000n,
      numeric: { id: 7, temp: 21.5, ok: 1, off: 0, 'station.h': 3 },
      strings: { time: '2026-01-01T00:00:00.000Z', name: 'x', list: '[1]' },
      tags: { 'station.id': 'S1' },
    });
  });

  it('takes a numeric timestamp as ms and falls back to the poll time', () => {
    expect(recordToRow({ time: 1500 }, endpoint, 9).row?.timestamp).toBe(1_500_000_000n);
    expect(recordToRow({ time: 'not a date' }, endpoint, 9).row?.timestamp).toBe(9_000_000n);
    expect(recordToRow({ v: 1 }, { tagFields: [] }, 9)).toEqual({ row: { timestamp: 9_000_000n, numeric: { v: 1 } }, id: undefined });
  });

  it('writes fields named Timestamp and Tags as _Timestamp and _Tags (readers reserve those names), and keeps the record', () => {
    const { row } = recordToRow({ Timestamp: 5, Tags: 'x', v: 1 }, { tagFields: [] }, 9);
    expect(row).toEqual({ timestamp: 9_000_000n, numeric: { _Timestamp: 5, v: 1 }, strings: { _Tags: 'x' } });
  });

  it('ids beyond 2^53 stay distinct and exact, and the number 7 and the string "7" are one id', () => {
    const [a, b] = extractRecords(parseJsonExact('[{"id":1234567890123456789},{"id":1234567890123456790}]'), undefined);
    expect(recordToRow(a, endpoint, 0).id).toBe('1234567890123456789');
    expect(recordToRow(b, endpoint, 0).id).toBe('1234567890123456790');
    expect(recordToRow(a, endpoint, 0).row?.strings).toEqual({ id: '1234567890123456789' });
    expect(recordToRow({ id: 7 }, endpoint, 0).id).toBe(recordToRow({ id: '7' }, endpoint, 0).id);
  });

  it('a record whose fields collide once flattened, or that holds a number beyond a double, is a problem (not a silent loss)', () => {
    expect(recordToRow(parseJsonExact('{"a.b":1,"a":{"b":2}}'), { tagFields: [] }, 0).problem?.code).toBe('DUPLICATE_FIELD');
    expect(recordToRow({ _Timestamp: 2, Timestamp: 1 }, { tagFields: [] }, 0).problem?.reason).toMatch(/"Timestamp" is written as "_Timestamp"/);
    expect(recordToRow(parseJsonExact('{"x":1e400}'), { tagFields: [] }, 0).problem?.code).toBe('NUMBER_OUT_OF_RANGE');
  });

  it('keeps values and tags under a key named __proto__, which a plain {} would take for its prototype', () => {
    const record: unknown = JSON.parse('{"__proto__": 5, "constructor": "c", "a": {"__proto__": true}, "t": {"__proto__": "x"}}');
    const { row } = recordToRow(record, { tagFields: ['t.__proto__'] }, 9);
    if (!row) throw new Error('expected a row');
    expect(Object.entries(row.numeric ?? {})).toEqual([['__proto__', 5], ['a.__proto__', 1]]);
    expect(Object.entries(row.strings ?? {})).toEqual([['constructor', 'c']]);
    expect(Object.entries(row.tags ?? {})).toEqual([['t.__proto__', 'x']]);
  });
});
