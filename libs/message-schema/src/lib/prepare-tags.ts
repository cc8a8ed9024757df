import { type JsonMember, type NameCache, stringPiece } from './json-text.js';
import { describeValue } from './errors.js';

/**
 * Validates tags (non-empty names, string values) and hands each one's name and value to `visit`.
 * `fail` builds the caller's error, so rows and events report their own code and position.
 */
export function visitTags(
  tags: Record<string, string> | undefined,
  fail: (problem: string) => Error,
  visit: (name: string, value: string) => void,
): void {
  if (tags === undefined) return;
  for (const name of Object.keys(tags)) {
    const value: unknown = tags[name];
    if (name === '') throw fail('a tag has an empty name; give it a name or drop it.');
    if (typeof value !== 'string') {
      throw fail(`tag ${JSON.stringify(name)} is ${describeValue(value)}; tag values must be strings.`);
    }
    visit(name, value);
  }
}

/** Validates tags as `visitTags` does and encodes them as JSON pieces with their UTF-8 sizes. */
export function tagPieces(
  tags: Record<string, string> | undefined,
  names: NameCache,
  fail: (problem: string) => Error,
): JsonMember[] {
  const pieces: JsonMember[] = [];
  visitTags(tags, fail, (name, value) => {
    const { text, bytes } = stringPiece(value);
    pieces.push({ name, key: names.get(name), value: text, valueBytes: bytes });
  });
  return pieces;
}
