import type { Clock, Timer } from '../app/clock.js';

/**
 * A clock for tests: `sleep` records the wait and returns at once (time jumps ahead); timers fire
 * only when the test calls `advance`. Nothing in a test then depends on real time.
 */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private time = 1_767_225_600_000;
  private timers = new Set<{ due: number; ms: number; fire: () => void }>();

  now = (): number => this.time;

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.advance(ms);
  }

  timer(ms: number, onFire: () => void): Timer {
    const entry = { due: this.time + ms, ms, fire: onFire };
    this.timers.add(entry);
    return {
      refresh: () => {
        entry.due = this.time + ms;
        this.timers.add(entry);
      },
      cancel: () => void this.timers.delete(entry),
    };
  }

  /** Moves time on, firing the timers that fall due. */
  advance(ms: number): void {
    this.time += ms;
    for (const entry of [...this.timers]) {
      if (entry.due <= this.time) {
        this.timers.delete(entry);
        entry.fire();
      }
    }
  }
}
