import { createNanoClock, nowNanos } from '../index.js';

/** A fake wall clock (ms) and monotonic counter (ns) the test moves by hand. */
function fakeClock(wallMs: number, monoNs: bigint) {
  const time = { wallMs, monoNs };
  const clock = createNanoClock({ wallMillis: () => time.wallMs, monotonicNanos: () => time.monoNs });
  return { time, clock };
}

describe('nowNanos clock', () => {
  it('takes the ms from the wall clock and the digits below it from the monotonic counter', () => {
    const { time, clock } = fakeClock(1_700_000_000_000, 5_000n);
    expect(clock()).toBe(1_700_000_000_000_000_000n);
    time.monoNs += 250_123n;
    expect(clock()).toBe(1_700_000_000_000_250_123n);
    time.wallMs += 1;
    time.monoNs += 1_000_000n;
    expect(clock()).toBe(1_700_000_000_001_250_123n);
  });

  it('re-anchors when the wall clock jumps forward (a step or a sleep)', () => {
    const { time, clock } = fakeClock(1_000, 0n);
    clock();
    time.wallMs += 60_000;
    time.monoNs += 10n;
    expect(clock()).toBe(61_000_000_000n);
  });

  it('never goes backwards when the wall clock steps back', () => {
    const { time, clock } = fakeClock(10_000, 0n);
    time.monoNs = 500n;
    const before = clock();
    time.wallMs -= 5_000;
    time.monoNs += 100n;
    expect(clock()).toBe(before);
    time.wallMs += 6_000;
    expect(clock()).toBe(11_000_000_000n);
  });

  it('agrees with Date.now() to the millisecond and never decreases on the real clocks', () => {
    let previous = 0n;
    for (let i = 0; i < 2_000; i++) {
      const before = Date.now();
      const now = nowNanos();
      const after = Date.now();
      const ms = Number(now / 1_000_000n);
      if (ms < before || ms > after || now < previous) {
        throw new Error(`sample ${i}: ${now} outside [${before}, ${after}] ms or below ${previous}`);
      }
      previous = now;
    }
  });
});
