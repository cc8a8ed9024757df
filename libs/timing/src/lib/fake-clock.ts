import type { Clock, Timer } from './clock.js';

interface Scheduled {
  id: number;
  due: number;
  ms: number;
  onFire: () => void;
}

/**
 * A clock for tests: time moves only when the test says so. `advance(ms)` fires every timer that
 * falls due on the way, in order, letting promise callbacks run after each one, so code that
 * awaits a sleep and schedules the next sees time as it would run for real. Every requested
 * wait is recorded in `waits`.
 */
export class FakeClock implements Clock {
  readonly waits: number[] = [];
  private scheduled: Scheduled[] = [];
  private nextId = 0;
  private time: number;

  constructor(startMs = 1_700_000_000_000) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  timer(ms: number, onFire: () => void): Timer {
    const entry: Scheduled = { id: this.nextId++, due: this.time + Math.max(0, ms), ms, onFire };
    this.waits.push(ms);
    this.scheduled.push(entry);
    return {
      refresh: () => {
        if (!this.scheduled.includes(entry)) this.scheduled.push(entry);
        entry.due = this.time + Math.max(0, entry.ms);
      },
      cancel: () => {
        this.scheduled = this.scheduled.filter((s) => s !== entry);
      },
    };
  }

  /**
   * Time passes without firing anything (work that takes a while inside a callback); timers that
   * fell due meanwhile fire at the next `advance`.
   */
  elapse(ms: number): void {
    this.time += ms;
  }

  /** Timers not yet fired or cancelled. */
  get pending(): number {
    return this.scheduled.length;
  }

  /** Moves time forward by `ms`, firing what falls due on the way (ties in the order they were set). */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await settle();
      const next = this.nextDue();
      if (next === undefined || next.due > target) break;
      this.scheduled = this.scheduled.filter((s) => s !== next);
      this.time = Math.max(this.time, next.due);
      next.onFire();
    }
    this.time = target;
    await settle();
  }

  /** Fires timers until none is left (or `limit` fired), moving time to each one's due time. */
  async runAll(limit = 10_000): Promise<void> {
    for (let fired = 0; fired < limit; fired += 1) {
      await settle();
      const next = this.nextDue();
      if (next === undefined) return;
      await this.advance(Math.max(0, next.due - this.time));
    }
    throw new Error(`FakeClock.runAll: still timers after ${limit} fired (a timer that re-arms itself?)`);
  }

  private nextDue(): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const s of this.scheduled) if (best === undefined || s.due < best.due || (s.due === best.due && s.id < best.id)) best = s;
    return best;
  }
}

/** Lets pending promise callbacks (and what they chain) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
