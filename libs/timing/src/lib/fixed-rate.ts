import type { Clock, Timer } from './clock.js';

export interface FixedRate {
  /** Resolves once the tick under way (if any) has finished. */
  stop(): Promise<void>;
  /** Ticks skipped because the previous one was still running past them. */
  readonly skipped: number;
}

export interface FixedRateOptions {
  intervalMs: number;
  /** Delay of the first tick after start, ms (spreads many endpoints over the interval). */
  offsetMs?: number;
  clock: Clock;
  /** Called with how late each tick started, ms (for the jitter benchmark and metrics). */
  onLateness?: (lateMs: number) => void;
}

/**
 * Runs `tick` at start + offset + n * interval. Deadlines are computed from the start, so delays
 * never add up (no drift); a tick that overruns skips the deadlines it missed instead of running
 * ticks back to back, and ticks never overlap.
 */
export function fixedRate(tick: () => Promise<void>, onError: (error: unknown) => void, options: FixedRateOptions): FixedRate {
  const { intervalMs, clock } = options;
  const start = clock.now() + (options.offsetMs ?? 0);
  let n = 0;
  let skipped = 0;
  let stopped = false;
  let timer: Timer | undefined;
  let running: Promise<void> = Promise.resolve();

  const scheduleNext = () => {
    if (stopped) return;
    const now = clock.now();
    const next = Math.max(n + 1, Math.floor((now - start) / intervalMs) + 1);
    if (next > n + 1) skipped += next - (n + 1);
    n = next;
    timer = clock.timer(start + next * intervalMs - now, run);
  };
  const run = () => {
    options.onLateness?.(clock.now() - (start + n * intervalMs));
    running = tick().then(scheduleNext, (error) => {
      onError(error);
      scheduleNext();
    });
  };

  timer = clock.timer(Math.max(0, start - clock.now()), run);
  return {
    async stop() {
      stopped = true;
      timer?.cancel();
      await running;
    },
    get skipped() {
      return skipped;
    },
  };
}
