/**
 * Turns kernel counters (bytes, packets, sectors since boot) into per-second rates between two
 * readings. A counter with no previous reading, or one that went down (an interface re-created, a
 * 32-bit counter wrapped), has no rate in that reading rather than a made-up one.
 */
export function counterRates(): (counters: Map<string, number>, atMs: number) => Map<string, number> {
  let previous: { counters: Map<string, number>; atMs: number } | undefined;
  return (counters, atMs) => {
    const rates = new Map<string, number>();
    const seconds = previous ? (atMs - previous.atMs) / 1000 : 0;
    if (previous && seconds > 0) {
      for (const [key, value] of counters) {
        const before = previous.counters.get(key);
        if (before !== undefined && value >= before) rates.set(key, (value - before) / seconds);
      }
    }
    previous = { counters, atMs };
    return rates;
  };
}
