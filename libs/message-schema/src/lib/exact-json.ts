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
  LONG_DIGIT_RUN.lastIndex = 0;
  let run = LONG_DIGIT_RUN.exec(text);
  if (run === null) return JSON.parse(text);
  if (text.includes(PLACEHOLDER_ESCAPE)) return JSON.parse(text, keepUnsafeIntegers);
  const literals: string[] = [];
  let marked = '';
  let copiedTo = 0;
  let scannedTo = 0; // text before this is outside any string
  for (; run !== null; run = LONG_DIGIT_RUN.exec(text)) {
    const at = run.index;
    // Skip whole strings up to the run; a run inside one is text, not a number.
    let quote = text.indexOf('"', scannedTo);
    while (quote !== -1 && quote < at) {
      STRING_REST.lastIndex = quote + 1;
      // A string that never ends: not JSON, and JSON.parse says why in its own words.
      if (!STRING_REST.test(text)) return JSON.parse(text);
      scannedTo = STRING_REST.lastIndex;
      quote = text.indexOf('"', scannedTo);
    }
    if (at < scannedTo || !isIntegerToken(text, at, at + run[0].length)) continue;
    literals.push(run[0]);
    marked += `${text.slice(copiedTo, at)}"${PLACEHOLDER_ESCAPE}${literals.length - 1}"`;
    copiedTo = at + run[0].length;
  }
  if (literals.length === 0) return JSON.parse(text);
  return restore(JSON.parse(marked + text.slice(copiedTo)), literals, text);
}

/** 16 digits or more (the shortest an unsafe integer can be), with the sign. */
const LONG_DIGIT_RUN = /-?\d{16,}/g;
/** The rest of a string literal after its opening quote, through the closing one. */
const STRING_REST = /(?:[^"\\]|\\.)*"/y;
/** JSON's escape of U+0000: a raw U+0000 cannot appear in JSON text, so only this spelling can. */
const PLACEHOLDER_ESCAPE = '\\u0000';
const PLACEHOLDER = '\u0000';

/** A JSON integer literal where a value can start: no leading zero, not part of a decimal or exponent. */
function isIntegerToken(text: string, start: number, end: number): boolean {
  const before = start === 0 ? ' ' : text[start - 1];
  const first = text[text[start] === '-' ? start + 1 : start];
  const after = text[end] ?? ' ';
  return VALUE_START_AFTER.includes(before) && first !== '0' && !NUMBER_GOES_ON.includes(after);
}
const VALUE_START_AFTER = '[,: \t\n\r';
const NUMBER_GOES_ON = '.eE';
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
