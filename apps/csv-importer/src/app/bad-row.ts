import type { BadRecord } from '@quix-connectors/quix-producer';
/** A record that could not be imported, located for a person to fix it. */
export interface BadRow {
  file: string;
  /** The line the record begins on (1-based). */
  line: number;
  column?: number;
  columnName?: string;
  reason: string;
  /** The record's text as csv-parse decoded it (U+FFFD where the bytes were not UTF-8). */
  raw: string;
  /**
   * Where the record is in the file, so its exact bytes can be kept. `start` is where the last
   * record csv-parse emitted ended: blank and comment lines, or records it gave up on, may come
   * before this one; the record is the range's last `lines` lines.
   */
  bytes?: { start: number; end?: number; lines?: number };
  /** `raw` is only the record's beginning. */
  rawTruncated?: boolean;
  /** A stable cause: CSV_BAD_ROW, or csv-parse's error code. */
  code?: string;
}

/** The bad row under BAD_ROW_POLICY=fail: stops the import. Retrying the same file cannot help. */
export class BadRowError extends Error {
  override readonly name = 'BadRowError';
  readonly code = 'CSV_BAD_ROW';
  readonly retriable = false;

  constructor(readonly badRow: BadRow) {
    super(describeBadRow(badRow));
  }
}

export function describeBadRow(bad: BadRow): string {
  const column = bad.column === undefined ? '' : `, column ${bad.column}${bad.columnName ? ` (${bad.columnName})` : ''}`;
  return `${bad.file} line ${bad.line}${column}: ${bad.reason}`;
}

/** The bad row as the runtime's bad record (the dead letter's content), with its exact bytes. */
export function toBadRecord(bad: BadRow, raw: { bytes: Uint8Array; truncated: boolean } | undefined): BadRecord {
  const where: Record<string, string | number> = { file: bad.file, line: bad.line };
  if (bad.column !== undefined) where['column'] = bad.column;
  if (bad.columnName !== undefined) where['columnName'] = bad.columnName;
  return { where, code: bad.code ?? 'CSV_BAD_ROW', reason: bad.reason, raw: raw?.bytes ?? bad.raw, rawTruncated: raw?.truncated ?? bad.rawTruncated ?? false };
}

/**
 * A csv-parse error (bad quotes, a record over the size limit) as a bad row: the record begins on
 * `record.line`, and `record.text` is what csv-parse read of it until it gave up. Where the record
 * ends in the file it does not tell, so no exact bytes are kept, only that text (marked truncated).
 */
export function badRowFromParseError(file: string, err: Error & { code?: string }, record: { line: number; text: string }): BadRow {
  const code = err.code ?? 'CSV_ERROR';
  // csv-parse names the line it had reached; the record began at `line` (an unclosed quote opens there).
  const message = code === 'CSV_QUOTE_NOT_CLOSED' ? `a quote opened on line ${record.line} is never closed` : err.message;
  return { file, line: record.line, code, reason: `${code}: ${message}`, raw: record.text, rawTruncated: true };
}
