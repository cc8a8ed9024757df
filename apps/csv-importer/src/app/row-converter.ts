import { rowValues, unreservedName, type TimeseriesRow } from '@quix-connectors/message-schema';
import { timestampParser, type TimestampFormat } from './timestamp.js';

export interface ConverterOptions {
  columns: readonly string[];
  timestampColumn?: string;
  timestampFormat: TimestampFormat;
  tagColumns: readonly string[];
  skipColumns: readonly string[];
}

/** Why a record could not become a row, and where. */
export interface RowProblem {
  /** 1-based column number, when one column is at fault. */
  column?: number;
  columnName?: string;
  reason: string;
}

export type Converted = { row: TimeseriesRow } | { problem: RowProblem };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

type Role = 'skip' | 'time' | 'tag' | 'value';

/** A problem with the columns themselves, found before any row is read. */
export class ColumnsError extends Error {
  override readonly name = 'ColumnsError';
  readonly code = 'CSV_COLUMNS_INVALID';
  readonly retriable = false;
}

/**
 * Turns CSV records into time series rows: numbers become numeric values, other text strings,
 * an empty cell is left out; the timestamp column gives the time (else `now()`), tag columns tags.
 */
export function createRowConverter(options: ConverterOptions, now: () => bigint): (record: readonly string[]) => Converted {
  const { columns } = options;
  const roles: Role[] = columns.map((name) => {
    if (options.skipColumns.includes(name)) return 'skip';
    if (name === options.timestampColumn) return 'time';
    if (options.tagColumns.includes(name)) return 'tag';
    return 'value';
  });
  const named = (list: readonly string[] | undefined, what: string) => {
    for (const name of list ?? []) if (!columns.includes(name)) throw new ColumnsError(`${what} names column ${JSON.stringify(name)}, which the file does not have (columns: ${columns.join(', ')})`);
  };
  named(options.timestampColumn ? [options.timestampColumn] : [], 'TIMESTAMP_COLUMN');
  named(options.tagColumns, 'TAG_COLUMNS');
  named(options.skipColumns, 'SKIP_COLUMNS');
  columns.forEach((name, index) => {
    if (roles[index] === 'value' && name === '') {
      throw new ColumnsError(`column ${index + 1} has no name; name it with CSV_COLUMNS, or list it in SKIP_COLUMNS`);
    }
  });
  // Readers reserve Timestamp and Tags: such a column's values are written as _Timestamp, _Tags.
  const valueNames = columns.map((name, index) => (roles[index] === 'value' ? unreservedName(name) : name));
  const parseTime = timestampParser(options.timestampFormat);
  const seen = new Set<string>();
  for (const name of columns) {
    if (seen.has(name)) throw new ColumnsError(`column ${JSON.stringify(name)} appears twice; rename one with CSV_COLUMNS`);
    seen.add(name);
  }

  return (record) => {
    if (record.length !== columns.length) {
      return { problem: { reason: `has ${record.length} fields, the header has ${columns.length}` } };
    }
    let timestamp: bigint | undefined;
    let numeric: Record<string, number> | undefined;
    let strings: Record<string, string> | undefined;
    let tags: Record<string, string> | undefined;
    for (let i = 0; i < record.length; i++) {
      const cell = record[i];
      if (cell.includes('\uFFFD')) {
        return { problem: { column: i + 1, columnName: columns[i], reason: 'is not valid UTF-8 (or holds U+FFFD)' } };
      }
      const role = roles[i];
      if (role === 'skip') continue;
      if (role === 'time') {
        const parsed = parseTime(cell);
        if (typeof parsed === 'string') return { problem: { column: i + 1, columnName: columns[i], reason: parsed } };
        timestamp = parsed;
      } else if (cell === '') {
        continue;
      } else if (role === 'tag') {
        (tags ??= rowValues())[columns[i]] = cell;
      } else if (isExactNumber(cell)) {
        (numeric ??= rowValues())[valueNames[i]] = Number(cell);
      } else {
        (strings ??= rowValues())[valueNames[i]] = cell;
      }
    }
    const row: TimeseriesRow = { timestamp: timestamp ?? now() };
    if (numeric) row.numeric = numeric;
    if (strings) row.strings = strings;
    if (tags) row.tags = tags;
    return { row };
  };
}

const INTEGER = /^[+-]?\d+$/;

/**
 * A cell that a number holds exactly: decimals and exponents as doubles read them, integers only
 * up to 2^53. A longer integer (an id such as 12345678901234567890) stays text, digit for digit.
 */
function isExactNumber(cell: string): boolean {
  if (!NUMBER.test(cell)) return false;
  const value = Number(cell);
  return Number.isFinite(value) && (!INTEGER.test(cell) || Number.isSafeInteger(value));
}

/** Column names from a header record: blanks become `column_<n>`, surrounding spaces go. */
export function columnNames(header: readonly string[]): string[] {
  return header.map((name, index) => (name.trim() === '' ? `column_${index + 1}` : name.trim()));
}
