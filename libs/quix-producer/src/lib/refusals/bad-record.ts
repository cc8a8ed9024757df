/**
 * An input that cannot become data (a line that is not a post, a CSV row that does not parse, a
 * record whose field names the format reserves), or data Kafka refused, with where it was, so a
 * person can find and fix it.
 */
export interface BadRecord {
  /** Where it was: file and line, endpoint and URL, stream and topic... */
  where: Record<string, string | number>;
  /** A short, stable cause (CSV_BAD_ROW, INVALID_ROW, MESSAGE_TOO_LARGE, NOT_A_POST...). */
  code: string;
  /** What is wrong, in words. */
  reason: string;
  /** The input as it came, exactly; bytes that are not UTF-8 are kept as bytes. */
  raw?: string | Uint8Array;
  /** `raw` is only the start of the input (it was too large to keep whole). */
  rawTruncated?: boolean;
}

export const BAD_RECORD_POLICIES = ['fail', 'skip', 'dead-letter'] as const;
export type BadRecordPolicy = (typeof BAD_RECORD_POLICIES)[number];

/** A bad record under the `fail` policy: the connector stops. Retrying the same input cannot help. */
export class BadRecordError extends Error {
  override readonly name = 'BadRecordError';
  readonly code = 'BAD_RECORD';
  readonly retriable = false;

  constructor(readonly badRecord: BadRecord) {
    super(describeBadRecord(badRecord));
  }
}

export function describeBadRecord(bad: BadRecord): string {
  const where = Object.entries(bad.where).map(([k, v]) => `${k} ${v}`).join(', ');
  return `${where ? `${where}: ` : ''}${bad.reason} (${bad.code})`;
}
