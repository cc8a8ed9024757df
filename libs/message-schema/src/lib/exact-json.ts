/**
 * JSON.parse that keeps integers beyond `Number.MAX_SAFE_INTEGER` exact, as `bigint`: ids such
 * as 1234567890123456789 and nanosecond timestamps (about 1.7e18) would otherwise be rounded to
 * the nearest double. Integers that fit, decimals and exponents stay numbers.
 *
 * A reviver makes JSON.parse six times slower, and nanosecond timestamps put long integers in
 * most messages of the Writer API. So the long integer literals outside strings are found first,
 * written as placeholder strings, and swapped for their exact values after a plain JSON.parse.
 * The reviver (with Node 21+'s `context.source`) remains for the rare text that already holds
 * the placeholder's escape.
 */
export function parseJsonExact(text: string): unknown {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text);
  if (text.includes(PLACEHOLDER_ESCAPE)) return JSON.parse(text, keepUnsafeIntegers);
  const literals: string[] = [];
  let unterminated = false;
  const marked = text.replace(STRING_OR_LONG_INTEGER, (match: string) => {
    if (match === '"') unterminated = true;
    if (match[0] === '"') return match;
    literals.push(match);
    return `"${PLACEHOLDER_ESCAPE}${literals.length - 1}"`;
  });
  // Not JSON: JSON.parse says why, in its own words.
  if (unterminated) return JSON.parse(text);
  return literals.length === 0 ? JSON.parse(marked) : restore(JSON.parse(marked), literals, text);
}

const MAYBE_UNSAFE_INTEGER = /\d{16}/;
/** JSON's escape of U+0000: a raw U+0000 cannot appear in JSON text, so only this spelling can. */
const PLACEHOLDER_ESCAPE = '\\u0000';
const PLACEHOLDER = '\u0000';
/**
 * A whole string literal (skipped), a JSON integer of 16 digits or more where a value can start,
 * or a lone quote (a string that never ends: the text is not JSON).
 */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<=^|[[,:\s])-?[1-9]\d{15,}(?![.\deE])|"/g;
const INTEGER_SOURCE = /^-?\d+$/;

function exactInteger(source: string): number | bigint {
  const value = Number(source);
  return Number.isSafeInteger(value) ? value : BigInt(source);
}

/** Puts the exact integers where their placeholders landed. */
function restore(value: unknown, literals: string[], text: string): unknown {
  if (typeof value === 'string') return value[0] === PLACEHOLDER ? exactInteger(literals[Number(value.slice(1))]) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], literals, text);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      // An integer where a key belongs was not JSON: only its placeholder made it a key.
      if (key[0] === PLACEHOLDER) return JSON.parse(text);
      const restored = restore(record[key], literals, text);
      // defineProperty, not assignment: a "__proto__" key must stay a plain property.
      if (restored !== record[key]) Object.defineProperty(record, key, { value: restored, writable: true, enumerable: true, configurable: true });
    }
  }
  return value;
}

function keepUnsafeIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && INTEGER_SOURCE.test(source) ? BigInt(source) : value;
}
