/** A one-shot timer: `refresh()` starts its countdown again from now, `cancel()` stops it. */
export interface Timer {
  refresh(): void;
  cancel(): void;
}

/**
 * All the timing the connectors do (schedules, backoff, deadlines, watchdogs) goes through one
 * clock: the system's in production, a FakeClock (`@quix-connectors/timing/testing`) in tests.
 */
export interface Clock {
  /** Wall clock, ms since the Unix epoch, with sub-millisecond precision. */
  now(): number;
  /**
   * Calls `onFire` once, `ms` from now. An `unref` timer does not keep the process alive (a
   * watchdog); others do (a job's pacing wait).
   */
  timer(ms: number, onFire: () => void, options?: { unref?: boolean }): Timer;
}

/** Node's timers overflow above 2^31 - 1 ms (and then fire at once); longer waits are capped. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  timer(ms, onFire, options) {
    const handle = setTimeout(onFire, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    if (options?.unref) handle.unref();
    return { refresh: () => void handle.refresh(), cancel: () => clearTimeout(handle) };
  },
};

/** Waits `ms` on the clock; resolves true when the time has passed, false when `signal` aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.timer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
