import { type JsonMember, type NameCache, stringPiece } from './json-text.js';
import { describeValue } from './errors.js';

/**
 * Validates tags (non-empty names, string values) and encodes them as JSON pieces.
 * `fail` builds the caller's error, so rows and events report their own code and position.
 */
export function tagPieces(
  tags: Record<string, string> | undefined,
  names: NameCache,
  fail: (problem: string) => Error,
): JsonMember[] {
  if (tags === undefined) return [];
  const pieces: JsonMember[] = [];
  for (const name of Object.keys(tags)) {
    const value: unknown = tags[name];
    if (name === '') throw fail('a tag has an empty name; give it a name or drop it.');
    if (typeof value !== 'string') {
      throw fail(`tag ${JSON.stringify(name)} is ${describeValue(value)}; tag values must be strings.`);
    }
    const { text, bytes } = stringPiece(value);
    pieces.push({ name, key: names.get(name), value: text, valueBytes: bytes });
  }
  return pieces;
}
