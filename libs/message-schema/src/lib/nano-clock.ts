/** Where a nanosecond clock reads time from; tests pass fakes. */
export interface NanoClockSources {
  /** Wall clock in ms, as Date.now(). */
  wallMillis: () => number;
  /** A monotonic counter in ns, as process.hrtime.bigint(). */
  monotonicNanos: () => bigint;
}

const NANOS_PER_MILLI = 1_000_000n;

/**
 * A wall clock with nanosecond resolution. Date.now() gives the millisecond; a monotonic counter,
 * anchored to the wall clock once, gives the digits below it. If the two disagree about the
 * current millisecond (clock stepped, process slept, or the anchor fell late inside its ms) the
 * anchor moves to the wall clock, so the result never drifts from Date.now() by a whole ms.
 * Results never decrease, even when the wall clock steps back: rows keep their order.
 */
export function createNanoClock(sources: NanoClockSources): () => bigint {
  let anchorWall: bigint | undefined;
  let anchorMono = 0n;
  let last = 0n;
  return () => {
    const wall = BigInt(Math.floor(sources.wallMillis())) * NANOS_PER_MILLI;
    const mono = sources.monotonicNanos();
    let now = anchorWall === undefined ? wall : anchorWall + (mono - anchorMono);
    if (anchorWall === undefined || now < wall || now >= wall + NANOS_PER_MILLI) {
      anchorWall = wall;
      anchorMono = mono;
      now = wall;
    }
    if (now < last) now = last;
    last = now;
    return now;
  };
}

const systemClock = createNanoClock({
  wallMillis: () => Date.now(),
  monotonicNanos: () => process.hrtime.bigint(),
});

/** Wall clock in nanoseconds since the Unix epoch; never decreases within a process. */
export function nowNanos(): bigint {
  return systemClock();
}
