import fc from 'fast-check';
import { millisFromNanos, nanosFromDate, nanosFromMillis } from '../index.js';

describe('time helpers', () => {
  it.each([
    [0, 0n],
    [1, 1_000_000n],
    [1700000000123, 1700000000123000000n],
    [1.5, 1_500_000n],
    [0.000001, 1n],
    [-1.5, -1_500_000n],
  ])('nanosFromMillis(%p) = %p', (ms, ns) => {
    expect(nanosFromMillis(ms)).toBe(ns);
  });

  it('is exact where ms * 1e6 as a double is not', () => {
    expect(BigInt(1700000000123 * 1e6)).not.toBe(1700000000123000000n + 1n); // the trap itself
    expect(nanosFromMillis(1700000000123) % 1_000_000n).toBe(0n);
  });

  it.each([NaN, Infinity])('nanosFromMillis(%p) is INVALID_ARGUMENT', (ms) => {
    expect(() => nanosFromMillis(ms)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('nanosFromDate reads the Date in ms and refuses an invalid Date', () => {
    expect(nanosFromDate(new Date(1700000000123))).toBe(1700000000123000000n);
    expect(() => nanosFromDate(new Date('nope'))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it.each([
    [0n, '0'],
    [999_999n, '0'],
    [1_999_999n, '1'],
    [1700000000123456789n, '1700000000123'],
    [-1n, '-1'],
    [-1_000_000n, '-1'],
    [-1_000_001n, '-2'],
  ])('millisFromNanos(%p) = %p (floor)', (ns, ms) => {
    expect(millisFromNanos(ns)).toBe(ms);
  });

  it('millisFromNanos undoes nanosFromMillis for whole milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(millisFromNanos(nanosFromMillis(ms))).toBe(String(ms));
      }),
    );
  });
});
