import { backoffDelay } from './backoff.js';
import { FakeClock } from './fake-clock.js';
import { retry } from './retry.js';

const transient = (message: string) => Object.assign(new Error(message), { retriable: true });
const final = (message: string) => Object.assign(new Error(message), { retriable: false });

describe('backoffDelay', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [50, 1000],
  ])('exact (no jitter): attempt %i waits %i ms, capped', (attempt, ms) => {
    expect(backoffDelay({ initialMs: 100, maxMs: 1000, jitter: 0 }, attempt)).toBe(ms);
  });

  it('draws the wait from [base * (1 - jitter), base]', () => {
    const policy = { initialMs: 1000, maxMs: 1000, jitter: 0.5 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(1000);
    expect(backoffDelay(policy, 1, () => 1)).toBe(500);
    expect(backoffDelay({ ...policy, jitter: 1 }, 1, () => 1)).toBe(0);
  });
});

describe('retry', () => {
  const policy = { initialMs: 100, maxMs: 400, jitter: 0 };

  it('calls again after each transient failure, waiting with backoff, and returns the value', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const result = retry(
      async () => {
        calls += 1;
        if (calls < 4) throw transient(`try ${calls}`);
        return 'done';
      },
      { policy, clock },
    );
    await clock.runAll();
    await expect(result).resolves.toBe('done');
    expect(clock.waits).toEqual([100, 200, 400]);
  });

  it('throws at once an error marked retriable: false', async () => {
    const clock = new FakeClock();
    await expect(retry(async () => Promise.reject(final('bad token')), { policy, clock })).rejects.toThrow('bad token');
    expect(clock.waits).toEqual([]);
  });

  it('throws the last error when the attempts are used up', async () => {
    const clock = new FakeClock();
    let n = 0;
    const result = retry(async () => Promise.reject(transient(`fail ${++n}`)), { policy, clock, maxAttempts: 3 });
    result.catch(() => undefined);
    await clock.runAll();
    await expect(result).rejects.toThrow('fail 3');
  });

  it('honours a longer wait the error asks for, and reports each retry', async () => {
    const clock = new FakeClock();
    const retries: number[] = [];
    let n = 0;
    const result = retry(
      async () => {
        if (++n === 1) throw Object.assign(transient('429'), { retryAfterMs: 5000 });
        return n;
      },
      { policy, clock, retryAfterMs: (e) => (e as { retryAfterMs?: number }).retryAfterMs, onRetry: (i) => retries.push(i.delayMs) },
    );
    await clock.runAll();
    await expect(result).resolves.toBe(2);
    expect(retries).toEqual([5000]);
  });

  it('stops waiting and throws the last error when the signal aborts', async () => {
    const clock = new FakeClock();
    const shutdown = new AbortController();
    const result = retry(async () => Promise.reject(transient('broker down')), { policy, clock, signal: shutdown.signal });
    result.catch(() => undefined);
    await clock.advance(350);
    shutdown.abort();
    await expect(result).rejects.toThrow('broker down');
    expect(clock.pending).toBe(0);
  });
});
