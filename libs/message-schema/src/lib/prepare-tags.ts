import { type JsonMember, type NameCache, stringPiece } from './json-text.js';
import { describeValue } from './errors.js';
import { distinctWellFormedName, isWellFormed } from './well-formed.js';

/**
 * Validates tags (non-empty names, string values) and hands each one's name and value to `visit`,
 * the name well-formed (a lone surrogate becomes U+FFFD: well-formed.ts), the value as it is, for
 * the writer to make well-formed. `fail` builds the caller's error, so rows and events report
 * their own code and position.
 */
export function visitTags(
  tags: Record<string, string> | undefined,
  fail: (problem: string) => Error,
  visit: (name: string, value: string) => void,
): void {
  if (tags === undefined) return;
  let replaced: Set<string> | undefined; // tag names that had a lone surrogate, as written
  for (const given of Object.keys(tags)) {
    const value: unknown = tags[given];
    if (given === '') throw fail('a tag has an empty name; give it a name or drop it.');
    if (typeof value !== 'string') {
      throw fail(`tag ${JSON.stringify(given)} is ${describeValue(value)}; tag values must be strings.`);
    }
    const name = isWellFormed(given)
      ? given
      : distinctWellFormedName(given, (replaced ??= new Set()), (n) => Object.hasOwn(tags, n), (p) => fail(`tag ${p}`));
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
