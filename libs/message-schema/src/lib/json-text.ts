import { hasSurrogateEscape, wellFormed } from './well-formed.js';

/**
 * Pieces of JSON text with their exact UTF-8 size, so batches can be sized without re-encoding.
 * Every string is written well-formed (well-formed.ts), so the text has no lone surrogate, raw or
 * escaped: it is valid UTF-8, and Buffer.byteLength of the text, measured after any replacement,
 * is its exact size on the wire.
 */
export interface JsonPiece {
  text: string;
  bytes: number;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The JSON string literal of `value` made well-formed, escaped exactly as JSON.stringify does. */
export function stringText(value: string): string {
  const text = JSON.stringify(value);
  return hasSurrogateEscape(text) ? JSON.stringify(wellFormed(value)) : text;
}

/** `stringText` with its UTF-8 size. */
export function stringPiece(value: string): JsonPiece {
  const text = stringText(value);
  return { text, bytes: utf8Bytes(text) };
}

/**
 * JSON.stringify's form of a finite number (ASCII: its length is its size). For finite numbers
 * String() gives the same text (-0 included) and is faster.
 */
export function numberText(value: number): string {
  return String(value);
}

/** Bytes as base64: what Quix readers decode for binary values. */
export function base64(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

/** Bytes as a quoted base64 string (ASCII). */
export function base64Text(value: Uint8Array): string {
  return `"${base64(value)}"`;
}

/** A nanosecond integer written digit by digit from the bigint, never through a double. */
export function nanosPiece(value: bigint): JsonPiece {
  const text = value.toString();
  return { text, bytes: text.length };
}

export const NULL_TEXT = 'null';

/**
 * Remembers the JSON text of names within one encode call: a batch repeats the same few
 * parameter names on every row, and escaping + measuring them once is measurably faster.
 */
export class NameCache {
  private readonly pieces = new Map<string, JsonPiece>();

  get(name: string): JsonPiece {
    let piece = this.pieces.get(name);
    if (piece === undefined) {
      piece = stringPiece(name);
      this.pieces.set(name, piece);
    }
    return piece;
  }
}

/**
 * A name and value already encoded: a JSON object member. The value is kept flat (text + bytes)
 * rather than as a JsonPiece: a large batch has millions of them, and one object less each is
 * a good part of the encoding time.
 */
export interface JsonMember {
  name: string;
  key: JsonPiece;
  value: string;
  valueBytes: number;
}

/** `{"k":v,...}` from already-encoded members. */
export function objectText(members: readonly JsonMember[]): string {
  let text = '{';
  for (let i = 0; i < members.length; i++) {
    text += (i === 0 ? '' : ',') + members[i].key.text + ':' + members[i].value;
  }
  return text + '}';
}
