import type { Clock, Timer } from './clock.js';

interface Waiting {
  due: number;
  onFire: () => void;
}

/**
 * Many one-shot timers of the same length on one clock timer, for a deadline per request (a
 * publish timeout per message). With one length, deadlines fall due in the order they were set,
 * so only the earliest needs a clock timer; setting and clearing a Node timer per message costs
 * about 4 µs, more than parsing the message.
 */
export class FixedDelayTimers {
  /** In the order set, which is the order due. */
  private readonly waiting = new Set<Waiting>();
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    readonly ms: number,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Calls `onFire` once, `ms` from now, unless cancelled first. */
  start(onFire: () => void): Pick<Timer, 'cancel'> {
    const entry: Waiting = { due: this.clock.now() + this.ms, onFire };
    this.waiting.add(entry);
    this.timer ??= this.clock.timer(this.ms, () => this.fireDue(), { unref: true });
    return { cancel: () => void this.waiting.delete(entry) };
  }

  private fireDue(): void {
    this.timer = undefined;
    const now = this.clock.now();
    for (const entry of this.waiting) {
      if (entry.due > now) {
        this.timer = this.clock.timer(entry.due - now, () => this.fireDue(), { unref: true });
        return;
      }
      this.waiting.delete(entry);
      entry.onFire();
    }
  }
}
