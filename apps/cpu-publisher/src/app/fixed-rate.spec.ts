import { fixedRate, type ScheduleClock } from './fixed-rate.js';

/** A clock whose time moves only when the test says so. */
class FakeClock implements ScheduleClock {
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
  /** Moves time forward, firing due timers in order and letting their promises settle. */
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
  it('ticks at start + n * interval, however long each tick takes within the interval (no drift)', async () => {
    const clock = new FakeClock();
    const start = clock.time;
    const ticks: number[] = [];
    const schedule = fixedRate(
      1000,
      async () => {
        ticks.push(clock.time - start);
        clock.time += 137; // the tick itself takes time
      },
      fail,
      clock,
    );
    await clock.advance(5500);
    await schedule.stop();
    expect(ticks).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(schedule.skipped).toBe(0);
  });

  it('skips missed deadlines after an overrun instead of stacking ticks, and never overlaps', async () => {
    const clock = new FakeClock();
    const start = clock.time;
    const ticks: number[] = [];
    let running = 0;
    const schedule = fixedRate(
      1000,
      async () => {
        expect(running).toBe(0);
        running += 1;
        ticks.push(clock.time - start);
        if (ticks.length === 2) clock.time += 2500; // overruns two deadlines
        running -= 1;
      },
      fail,
      clock,
    );
    await clock.advance(6000);
    await schedule.stop();
    expect(ticks).toEqual([0, 1000, 4000, 5000, 6000]);
    expect(schedule.skipped).toBe(2);
  });

  it('reports a failing tick and keeps the schedule going', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let count = 0;
    const schedule = fixedRate(
      100,
      async () => {
        count += 1;
        if (count === 1) throw new Error('sensor unavailable');
      },
      (e: unknown) => errors.push(e),
      clock,
    );
    await clock.advance(250);
    await schedule.stop();
    expect(count).toBe(3);
    expect(errors).toEqual([new Error('sensor unavailable')]);
  });

  it('stops ticking once stopped', async () => {
    const clock = new FakeClock();
    let count = 0;
    const schedule = fixedRate(100, async () => void (count += 1), fail, clock);
    await clock.advance(50);
    await schedule.stop();
    await clock.advance(1000);
    expect(count).toBe(1);
  });
});

function fail(error: unknown): never {
  throw error;
}
