import { MAX_TIMER_MS, sleep, systemClock } from './clock.js';
import { FakeClock } from './fake-clock.js';

describe('sleep', () => {
  it('resolves true once the time has passed', async () => {
    const clock = new FakeClock();
    const slept = sleep(clock, 1000);
    await clock.advance(999);
    let done = false;
    void slept.then(() => (done = true));
    await clock.advance(0);
    expect(done).toBe(false);
    await clock.advance(1);
    await expect(slept).resolves.toBe(true);
  });

  it('resolves false at once when the signal aborts, and cancels its timer', async () => {
    const clock = new FakeClock();
    const stop = new AbortController();
    const slept = sleep(clock, 60_000, stop.signal);
    stop.abort();
    await expect(slept).resolves.toBe(false);
    expect(clock.pending).toBe(0);
    await expect(sleep(clock, 10, stop.signal)).resolves.toBe(false);
  });
});

describe('systemClock', () => {
  it('caps a wait beyond what Node timers can hold instead of firing at once', () => {
    let fired = false;
    const timer = systemClock.timer(MAX_TIMER_MS * 4, () => (fired = true), { unref: true });
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(fired).toBe(false);
        timer.cancel();
        resolve();
      }, 20),
    );
  });

  it('refresh() starts the countdown again', async () => {
    const fired: number[] = [];
    const started = Date.now();
    const timer = systemClock.timer(60, () => fired.push(Date.now() - started));
    await new Promise((r) => setTimeout(r, 40));
    timer.refresh();
    await new Promise((r) => setTimeout(r, 150));
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBeGreaterThanOrEqual(95);
  });
});

describe('FakeClock', () => {
  it('fires timers in due order, ties in the order set, and refresh pushes one back', async () => {
    const clock = new FakeClock(0);
    const order: string[] = [];
    clock.timer(30, () => order.push('b'));
    const a = clock.timer(10, () => order.push('a'));
    clock.timer(30, () => order.push('c'));
    await clock.advance(5);
    a.refresh(); // now due at 15
    await clock.advance(20);
    expect(order).toEqual(['a']);
    await clock.advance(5);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(30);
  });
});
