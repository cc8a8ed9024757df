/**
 * Stable error codes of this lib. Callers branch on `code`, never on the message text.
 * Every code is documented in README.md (a test checks that).
 */
export const MESSAGE_SCHEMA_ERROR_CODES = [
  /** A row has a reserved or empty name, a non-finite number, a negative timestamp, a value of
   * the wrong type, or one name in two value kinds. */
  'INVALID_ROW',
  /** An event has a non-string id/value/tag or a negative or non-bigint timestamp. */
  'INVALID_EVENT',
  /** Stream properties hold a non-string value or an invalid Date. */
  'INVALID_PROPERTIES',
  /** A call argument is wrong: unknown format, bad maxBytes, unknown stream end type, bad time. */
  'INVALID_ARGUMENT',
  /** One row or event alone encodes to more than maxBytes. */
  'MESSAGE_TOO_LARGE',
  /** A message's computed size disagreed with the bytes written: a bug in this lib, never sent. */
  'ENCODER_BUG',
] as const;

export type MessageSchemaErrorCode = (typeof MESSAGE_SCHEMA_ERROR_CODES)[number];

export class MessageSchemaError extends Error {
  override readonly name = 'MessageSchemaError';
  readonly code: MessageSchemaErrorCode;
  /** Always false: the same input fails the same way, so retrying cannot help. */
  readonly retriable = false as const;

  constructor(code: MessageSchemaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A short description of a bad value for an error message (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return `of type ${typeof value}`;
}
