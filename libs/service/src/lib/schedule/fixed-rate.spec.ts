import type { Clock } from './clock.js';
import { fixedRate } from './fixed-rate.js';

/** A clock whose time moves only when the test says so. */
class FakeClock implements Clock {
  time = 1_000_000;
  private timers: { at: number; callback: () => void; id: number }[] = [];
  private nextId = 0;
  now = () => this.time;
  setTimeout = (callback: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + Math.max(0, ms), callback, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}

describe('fixedRate', () => {
  it('polls at start + offset + n * interval without drift, reporting lateness', async () => {
    const clock = new FakeClock();
    const start = clock.time;
    const ticks: number[] = [];
    const late: number[] = [];
    const schedule = fixedRate(
      async () => {
        ticks.push(clock.time - start);
        clock.time += 300; // a slow response
      },
      fail,
      { intervalMs: 1000, offsetMs: 250, clock, onLateness: (ms) => late.push(ms) },
    );
    await clock.advance(3500);
    await schedule.stop();
    expect(ticks).toEqual([250, 1250, 2250, 3250]);
    expect(late).toEqual([0, 0, 0, 0]);
  });

  it('lets a poll that overruns delay the next one, never stack or overlap it', async () => {
    const clock = new FakeClock();
    const start = clock.time;
    const ticks: number[] = [];
    let running = 0;
    const schedule = fixedRate(
      async () => {
        expect(running).toBe(0);
        running += 1;
        ticks.push(clock.time - start);
        if (ticks.length === 1) clock.time += 2500; // e.g. retries honouring Retry-After
        running -= 1;
      },
      fail,
      { intervalMs: 1000, clock },
    );
    await clock.advance(5000);
    await schedule.stop();
    expect(ticks).toEqual([0, 3000, 4000, 5000]);
    expect(schedule.skipped).toBe(2);
  });

  it('reports a failing poll and keeps the schedule going; stops when stopped', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let count = 0;
    const schedule = fixedRate(
      async () => {
        count += 1;
        if (count === 1) throw new Error('publish failed');
      },
      (e) => errors.push(e),
      { intervalMs: 100, clock },
    );
    await clock.advance(250);
    await schedule.stop();
    await clock.advance(1000);
    expect(count).toBe(3);
    expect(errors).toEqual([new Error('publish failed')]);
  });
});

function fail(error: unknown): never {
  throw error;
}
