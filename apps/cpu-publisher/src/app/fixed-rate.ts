/** Timing the schedule uses; tests pass a fake one. */
export interface ScheduleClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: ScheduleClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface FixedRate {
  /** Resolves once the tick under way (if any) has finished. */
  stop(): Promise<void>;
  /** Ticks skipped because the previous one was still running past them. */
  readonly skipped: number;
}

/**
 * Runs `tick` at start + n * interval. Deadlines are computed from the start, so delays never add
 * up (no drift); a tick that overruns makes the schedule skip the deadlines it missed instead of
 * running ticks back to back, and ticks never overlap.
 */
export function fixedRate(
  intervalMs: number,
  tick: () => Promise<void>,
  onError: (error: unknown) => void,
  clock: ScheduleClock = systemClock,
): FixedRate {
  const start = clock.now();
  let n = 0;
  let skipped = 0;
  let stopped = false;
  let handle: unknown;
  let running: Promise<void> = Promise.resolve();

  const scheduleNext = () => {
    if (stopped) return;
    const now = clock.now();
    const next = Math.floor((now - start) / intervalMs) + 1;
    if (next > n + 1) skipped += next - (n + 1);
    n = next;
    handle = clock.setTimeout(run, start + next * intervalMs - now);
  };
  const run = () => {
    running = tick().then(scheduleNext, (error) => {
      onError(error);
      scheduleNext();
    });
  };

  handle = clock.setTimeout(run, 0);
  return {
    async stop() {
      stopped = true;
      clock.clearTimeout(handle);
      await running;
    },
    get skipped() {
      return skipped;
    },
  };
}
