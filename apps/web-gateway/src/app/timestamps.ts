/**
 * Timestamps in the Writer API are nanoseconds since the Unix epoch. Browser code often sends
 * `Date.now()` (milliseconds) or seconds instead; taken as nanoseconds those land in January
 * 1970. A value below 1e14 cannot be a nanosecond time after 1970-01-02, so it is read as
 * milliseconds (Date.now() is about 1.7e12 and stays below 1e14 until the year 5138); values
 * below 1e11 are read as seconds (1e11 ms is March 1973). Everything else is nanoseconds.
 */
const SECONDS_BELOW = 1e11;
const MILLIS_BELOW = 1e14;

export function toNanos(value: number | bigint, epochNanos = 0n): bigint {
  if (typeof value === 'bigint') return value + epochNanos;
  if (epochNanos !== 0n) return BigInt(Math.trunc(value)) + epochNanos;
  if (value < SECONDS_BELOW) return scaled(value, 1_000_000_000n);
  if (value < MILLIS_BELOW) return scaled(value, 1_000_000n);
  return BigInt(Math.trunc(value));
}

/** value × unit in nanoseconds, whole part exact (a double times 1e6 would round), fraction to the nearest ns. */
function scaled(value: number, unit: bigint): bigint {
  const whole = Math.trunc(value);
  return BigInt(whole) * unit + BigInt(Math.round((value - whole) * Number(unit)));
}
