import type { Clock } from '@quix-connectors/timing';
import { backoffMs, retryAfterMs, withRetry, type Attempt } from './retry.js';

/** A clock whose sleeps finish at once and are recorded. */
function instantClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    timer: (ms, onFire) => {
      waits.push(ms);
      let cancelled = false;
      queueMicrotask(() => cancelled || onFire());
      return { refresh: () => undefined, cancel: () => void (cancelled = true) };
    },
  };
}

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads %p as %p ms', (header, expected) => {
    expect(retryAfterMs(header, now)).toBe(expected);
  });
});

describe('backoffMs', () => {
  it('doubles the cap each attempt up to the maximum, jittered below it', () => {
    const policy = { maxRetries: 5, initialMs: 100, maxMs: 1000, random: () => 1 };
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n, policy))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffMs(3, { ...policy, random: () => 0.5 })).toBe(400);
  });
});

describe('withRetry', () => {
  it('retries until done, waiting the backoff or a longer Retry-After', async () => {
    const clock = instantClock();
    const outcomes: Attempt<string>[] = [
      { done: false, error: 'network' },
      { done: false, error: '429', retryAfterMs: 7000 },
      { done: true, value: 'ok' },
    ];
    const result = await withRetry(async (n) => outcomes[n] ?? { done: false, error: 'unexpected' }, { maxRetries: 3, initialMs: 100, maxMs: 1000, random: () => 1 }, clock, () => undefined);
    expect(result).toEqual({ done: true, value: 'ok' });
    expect(clock.waits).toEqual([100, 7000]);
  });

  it('gives up after maxRetries and returns the last failure', async () => {
    const clock = instantClock();
    let calls = 0;
    const result = await withRetry(
      async () => ((calls += 1), { done: false, error: 'down' }),
      { maxRetries: 2, initialMs: 1, maxMs: 1, random: () => 0 },
      clock,
      () => undefined,
    );
    expect(result).toEqual({ done: false, error: 'down' });
    expect(calls).toBe(3);
  });
});
