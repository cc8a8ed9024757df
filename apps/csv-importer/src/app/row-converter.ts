import { rowValues, type TimeseriesRow } from '@quix-connectors/message-schema';
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
const RESERVED = ['Timestamp', 'Tags'];

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
    if (roles[index] === 'value' && (RESERVED.includes(name) || name === '')) {
      throw new ColumnsError(`column ${index + 1} is named ${JSON.stringify(name)}, which readers reserve or cannot use; set TIMESTAMP_COLUMN to it, list it in SKIP_COLUMNS, or rename it with CSV_COLUMNS`);
    }
  });
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
      } else if (NUMBER.test(cell) && Number.isFinite(Number(cell))) {
        (numeric ??= rowValues())[columns[i]] = Number(cell);
      } else {
        (strings ??= rowValues())[columns[i]] = cell;
      }
    }
    const row: TimeseriesRow = { timestamp: timestamp ?? now() };
    if (numeric) row.numeric = numeric;
    if (strings) row.strings = strings;
    if (tags) row.tags = tags;
    return { row };
  };
}

/** Column names from a header record: blanks become `column_<n>`, surrounding spaces go. */
export function columnNames(header: readonly string[]): string[] {
  return header.map((name, index) => (name.trim() === '' ? `column_${index + 1}` : name.trim()));
}
