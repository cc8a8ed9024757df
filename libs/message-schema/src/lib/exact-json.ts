/**
 * JSON.parse that keeps integers beyond `Number.MAX_SAFE_INTEGER` exact, as `bigint`: ids such
 * as 1234567890123456789 and nanosecond timestamps (about 1.7e18) would otherwise be rounded to
 * the nearest double. Integers that fit, decimals and exponents stay numbers.
 *
 * Uses the reviver's `context.source` (Node 21+). The reviver makes parsing several times slower,
 * so it only runs when the text holds a run of 16 digits, the shortest an unsafe integer can be.
 */
export function parseJsonExact(text: string): unknown {
  if (!MAYBE_UNSAFE_INTEGER.test(text)) return JSON.parse(text);
  return JSON.parse(text, keepUnsafeIntegers);
}

const MAYBE_UNSAFE_INTEGER = /\d{16}/;
const INTEGER_SOURCE = /^-?\d+$/;

function keepUnsafeIntegers(_key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && INTEGER_SOURCE.test(source) ? BigInt(source) : value;
}
