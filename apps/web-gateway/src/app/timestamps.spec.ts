import { toNanos } from './timestamps.js';

describe('toNanos', () => {
  it('keeps nanoseconds, exactly when they come as bigint', () => {
    expect(toNanos(1_733_000_000_123_456_789n)).toBe(1_733_000_000_123_456_789n);
    expect(toNanos(1e14)).toBe(100_000_000_000_000n);
    expect(toNanos(1.733e18)).toBe(1_733_000_000_000_000_000n);
  });

  it('reads Date.now() milliseconds and unix seconds as such', () => {
    expect(toNanos(1_733_000_000_123)).toBe(1_733_000_000_123_000_000n);
    expect(toNanos(1_733_000_000_123.5)).toBe(1_733_000_000_123_500_000n);
    expect(toNanos(1_733_000_000)).toBe(1_733_000_000_000_000_000n);
    expect(toNanos(99_999_999_999_999)).toBe(99_999_999_999_999_000_000n);
  });

  it('with an epoch, adds nanosecond offsets without guessing units', () => {
    expect(toNanos(5, 1_733_000_000_000_000_000n)).toBe(1_733_000_000_000_000_005n);
    expect(toNanos(5n, 10n)).toBe(15n);
  });
});
