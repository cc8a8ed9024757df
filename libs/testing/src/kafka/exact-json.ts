/**
 * JSON.parse that keeps integers beyond `Number.MAX_SAFE_INTEGER` exact, as `bigint`
 * (nanosecond timestamps are about 1.7e18). Integers that fit stay numbers. Needs the reviver's
 * `context.source` (Node 21+).
 */
export function parseJsonExact(text: string): unknown {
  return JSON.parse(
    text,
    (_key: string, value: unknown, context?: { source?: string }) => {
      if (
        typeof value === 'number' &&
        !Number.isSafeInteger(value) &&
        context?.source !== undefined &&
        /^-?\d+$/.test(context.source)
      ) {
        return BigInt(context.source);
      }
      return value;
    },
  );
}
