import { FakeClock } from './fake-clock.js';
import { FixedDelayTimers } from './fixed-delay-timers.js';

describe('FixedDelayTimers', () => {
  it('fires each timer its delay after it was started, in order, on one clock timer', async () => {
    const clock = new FakeClock();
    const timers = new FixedDelayTimers(clock, 1000);
    const fired: string[] = [];
    timers.start(() => fired.push('a'));
    await clock.advance(300);
    timers.start(() => fired.push('b'));
    timers.start(() => fired.push('c'));
    expect(clock.pending).toBe(1);
    await clock.advance(699);
    expect(fired).toEqual([]);
    await clock.advance(1);
    expect(fired).toEqual(['a']);
    await clock.advance(299);
    expect(fired).toEqual(['a']);
    await clock.advance(1);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(timers.size).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('never fires a cancelled timer, also when it was the earliest', async () => {
    const clock = new FakeClock();
    const timers = new FixedDelayTimers(clock, 1000);
    const fired: string[] = [];
    const first = timers.start(() => fired.push('first'));
    await clock.advance(500);
    timers.start(() => fired.push('second'));
    first.cancel();
    await clock.advance(1000);
    expect(fired).toEqual(['second']);
    expect(clock.pending).toBe(0);
  });

  it('starts again after every timer fired or was cancelled', async () => {
    const clock = new FakeClock();
    const timers = new FixedDelayTimers(clock, 50);
    timers.start(() => undefined).cancel();
    await clock.advance(50);
    expect(clock.pending).toBe(0);
    let fired = 0;
    timers.start(() => fired++);
    await clock.advance(50);
    expect(fired).toBe(1);
  });
});
