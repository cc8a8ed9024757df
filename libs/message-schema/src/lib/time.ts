import { MessageSchemaError } from './errors.js';

const NANOS_PER_MILLI = 1_000_000n;

/**
 * Milliseconds (as Date.now() or a fractional ms clock gives them) to nanoseconds.
 * Done in bigint because `ms * 1e6` as a double loses the last digits of ~1.7e18.
 */
export function nanosFromMillis(ms: number): bigint {
  if (!Number.isFinite(ms)) {
    throw new MessageSchemaError(
      'INVALID_ARGUMENT',
      `nanosFromMillis got ${ms}; pass a finite number of milliseconds since the Unix epoch.`,
    );
  }
  const whole = Math.floor(ms);
  // The sub-ms part, rounded to whole nanoseconds (a double carries no more than that here).
  const fraction = Math.round((ms - whole) * 1e6);
  return BigInt(whole) * NANOS_PER_MILLI + BigInt(fraction);
}

export function nanosFromDate(date: Date): bigint {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new MessageSchemaError(
      'INVALID_ARGUMENT',
      'nanosFromDate got an invalid Date; check the value it was parsed from.',
    );
  }
  return nanosFromMillis(ms);
}

/** Nanoseconds to whole milliseconds (floor, also below zero) as a decimal string for kafkajs. */
export function millisFromNanos(ns: bigint): string {
  let ms = ns / NANOS_PER_MILLI; // bigint division truncates toward zero
  if (ns < 0n && ns % NANOS_PER_MILLI !== 0n) ms -= 1n;
  return ms.toString();
}
