/** A record that could not be imported, located for a person to fix it. */
export interface BadRow {
  file: string;
  /** The line csv-parse had reached when the record ended (1-based). */
  line: number;
  column?: number;
  columnName?: string;
  reason: string;
  raw: string;
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

/** The dead-letter message: the reason and the raw text, cut so it fits a message. */
export function deadLetterValue(bad: BadRow, maxBytes: number): Buffer {
  const limit = Math.max(256, Math.floor(maxBytes / 4));
  const truncated = bad.raw.length > limit;
  return Buffer.from(
    JSON.stringify({
      file: bad.file,
      line: bad.line,
      column: bad.column ?? null,
      columnName: bad.columnName ?? null,
      reason: bad.reason,
      raw: truncated ? bad.raw.slice(0, limit) : bad.raw,
      rawTruncated: truncated,
    }),
  );
}

/** A csv-parse error (bad quotes, a ragged record it rejects) as a bad row. */
export function badRowFromParseError(file: string, err: Error & { code?: string; lines?: number; raw?: string }): BadRow {
  return { file, line: err.lines ?? 0, reason: `${err.code ?? 'CSV_ERROR'}: ${err.message}`, raw: typeof err.raw === 'string' ? err.raw : '' };
}
