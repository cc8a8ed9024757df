import { FakeClock } from './fake-clock.js';
import { fixedRate } from './fixed-rate.js';

describe('fixedRate', () => {
  it('polls at start + offset + n * interval without drift, reporting lateness', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const ticks: number[] = [];
    const late: number[] = [];
    const schedule = fixedRate(
      async () => {
        ticks.push(clock.now() - start);
        clock.elapse(300); // a slow response
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
    const start = clock.now();
    const ticks: number[] = [];
    let running = 0;
    const schedule = fixedRate(
      async () => {
        expect(running).toBe(0);
        running += 1;
        ticks.push(clock.now() - start);
        if (ticks.length === 1) clock.elapse(2500); // e.g. retries honouring Retry-After
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
