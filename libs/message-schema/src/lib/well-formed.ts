/**
 * A lone surrogate (one half of a UTF-16 pair, such as "\ud800", as a webhook body, REST record or
 * post may hold) has no UTF-8 form. JSON.stringify writes it as a `\ud800` escape, valid JSON that
 * the official Python reader refuses (quixstreams parses with orjson: "no low surrogate in
 * string"), and with it the whole message. So every string the encoders write has each lone
 * surrogate replaced by U+FFFD, as String.prototype.toWellFormed and every UTF-8 encoder do.
 * Nearly every string is well-formed, so the check must be cheap: names are checked with
 * isWellFormed() (short, and free for a string V8 holds as one byte per character); values are
 * checked on the JSON text they are written as (hasSurrogateEscape), which for a long two-byte
 * string such as a post with emoji costs a sixth of isWellFormed() (30 ns against 230 for 228
 * characters, measured on Node 24), and only a value found there is written again.
 */

/** ES2024's String methods (Node 20+): the workspace's TypeScript lib is es2022. */
interface Es2024String {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

export function isWellFormed(text: string): boolean {
  return (text as unknown as Es2024String).isWellFormed();
}

/**
 * Whether JSON.stringify's output may hold a lone surrogate: it writes each one as a `\udXXX`
 * escape (lower-case hex) and no other character so. A backslash that the text itself holds before
 * "ud" (`\\ud`) matches too; such text is only checked again, never changed.
 */
export function hasSurrogateEscape(jsonText: string): boolean {
  return jsonText.includes('\\ud');
}

/** `text` with each lone surrogate replaced by U+FFFD; `text` itself when it has none. */
export function wellFormed(text: string): string {
  const unicode = text as unknown as Es2024String;
  return unicode.isWellFormed() ? text : unicode.toWellFormed();
}

/**
 * A name of one object (a row's values, a tags or metadata object) that is not well-formed, made
 * well-formed: refused when that makes it equal to another name of the same object, whether one
 * as given (`isGivenName`) or one replaced earlier (`replaced`), because one value would then
 * overwrite the other or a key would be written twice.
 */
export function distinctWellFormedName(
  name: string,
  replaced: Set<string>,
  isGivenName: (candidate: string) => boolean,
  fail: (problem: string) => Error,
): string {
  const fixed = wellFormed(name);
  if (replaced.has(fixed) || isGivenName(fixed)) {
    throw fail(
      `name ${JSON.stringify(name)} holds a lone surrogate, which is written as U+FFFD, and then it is the same as ` +
        `another name (${JSON.stringify(fixed)}); rename one of them.`,
    );
  }
  replaced.add(fixed);
  return fixed;
}
