import { ColumnsError, columnNames, createRowConverter, type ConverterOptions } from './row-converter.js';

const base: ConverterOptions = { columns: ['time', 'host', 'cpu', 'note', 'junk'], timestampColumn: 'time', timestampFormat: 'ms', tagColumns: ['host'], skipColumns: ['junk'] };
const now = () => 42n;

describe('createRowConverter', () => {
  const convert = createRowConverter(base, now);

  it('types cells: numbers numeric, other text strings, tags, time, skipped and empty cells left out', () => {
    expect(convert(['1700000000000', 'h1', '12.5', 'ok', 'x'])).toEqual({
      row: { timestamp: 1700000000000000000n, numeric: { cpu: 12.5 }, strings: { note: 'ok' }, tags: { host: 'h1' } },
    });
    expect(convert(['1700000000000', '', '', '007', ''])).toEqual({ row: { timestamp: 1700000000000000000n, numeric: { note: 7 } } });
    expect(convert(['1700000000000', 'h', '1e999', 'NaN', ''])).toEqual({ row: { timestamp: 1700000000000000000n, strings: { cpu: '1e999', note: 'NaN' }, tags: { host: 'h' } } });
  });

  it('keeps a column named __proto__, which a plain {} would take for its prototype', () => {
    const odd = createRowConverter({ ...base, columns: ['__proto__', 'constructor', 'tag'], timestampColumn: undefined, tagColumns: ['tag'], skipColumns: [] }, now);
    const result = odd(['1.5', 'x', 'y']);
    if (!('row' in result)) throw new Error('expected a row');
    expect(Object.entries(result.row.numeric ?? {})).toEqual([['__proto__', 1.5]]);
    expect(Object.entries(result.row.strings ?? {})).toEqual([['constructor', 'x']]);
  });

  it('stamps rows with now() when there is no timestamp column', () => {
    const noTime = createRowConverter({ ...base, columns: ['a'], timestampColumn: undefined, tagColumns: [], skipColumns: [] }, now);
    expect(noTime(['1'])).toEqual({ row: { timestamp: 42n, numeric: { a: 1 } } });
  });

  it('names the column and reason of a bad cell, and reports ragged records', () => {
    expect(convert(['soon', 'h', '1', 'n', ''])).toEqual({ problem: { column: 1, columnName: 'time', reason: expect.stringMatching(/not a non-negative epoch number in ms/) } });
    expect(convert(['1', 'h\uFFFD', '1', 'n', ''])).toEqual({ problem: { column: 2, columnName: 'host', reason: expect.stringMatching(/UTF-8/) } });
    expect(convert(['1', 'h'])).toEqual({ problem: { reason: 'has 2 fields, the header has 5' } });
  });

  it('reads a strftime TIMESTAMP_FORMAT, and a date that does not exist is a bad cell with the reason', () => {
    const european = createRowConverter({ ...base, timestampFormat: '%d/%m/%Y %H:%M' }, now);
    expect(european(['23/11/2026 14:05', 'h', '1', 'n', ''])).toEqual({ row: { timestamp: BigInt(Date.UTC(2026, 10, 23, 14, 5)) * 1_000_000n, numeric: { cpu: 1 }, strings: { note: 'n' }, tags: { host: 'h' } } });
    expect(european(['31/04/2026 14:05', 'h', '1', 'n', ''])).toEqual({ problem: { column: 1, columnName: 'time', reason: expect.stringContaining('day 31 does not exist in 2026-04') } });
  });

  it('refuses at start columns it cannot publish', () => {
    expect(() => createRowConverter({ ...base, tagColumns: ['nope'] }, now)).toThrow(ColumnsError);
    expect(() => createRowConverter({ ...base, columns: ['a', 'a'], timestampColumn: undefined, tagColumns: [], skipColumns: [] }, now)).toThrow(/twice/);
  });

  it('writes a column readers reserve (Timestamp, Tags) as _Timestamp, _Tags', () => {
    const convert = createRowConverter({ ...base, columns: ['Timestamp', 'Tags', 'a'], timestampColumn: undefined, tagColumns: [], skipColumns: [] }, now);
    expect(convert(['5', 'x', '1'])).toEqual({ row: { timestamp: now(), numeric: { _Timestamp: 5, a: 1 }, strings: { _Tags: 'x' } } });
  });

  it('keeps integers beyond 2^53 exact, as text; smaller integers and decimals are numbers', () => {
    const convert = createRowConverter({ ...base, columns: ['id', 'small', 'x'], timestampColumn: undefined, tagColumns: [], skipColumns: [] }, now);
    expect(convert(['12345678901234567890', '9007199254740991', '1.25'])).toEqual({
      row: { timestamp: now(), numeric: { small: 9007199254740991, x: 1.25 }, strings: { id: '12345678901234567890' } },
    });
  });

  it('names blank header cells by position', () => {
    expect(columnNames([' a ', '', 'c'])).toEqual(['a', 'column_2', 'c']);
  });
});
