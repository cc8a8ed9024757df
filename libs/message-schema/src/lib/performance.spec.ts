import { createEncoder } from '../index.js';
import type { TimeseriesRow } from '../index.js';

/**
 * Guards against quadratic batching (re-encoding the batch per row), which would take minutes
 * here. The budget is loose on purpose: CI machines are slow and shared; on a quiet laptop this
 * takes a few hundred ms.
 */
describe('encoding speed', () => {
  const rows: TimeseriesRow[] = Array.from({ length: 100_000 }, (_, i) => ({
    timestamp: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n,
    numeric: Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`col${c}`, Math.random() * 1000])),
    tags: { host: 'srv1' },
  }));

  it.each(['quix', 'json'] as const)('%s: 100k rows x 10 numeric columns in well under the budget', (format) => {
    const start = performance.now();
    const messages = createEncoder(format).encodeRows(rows, 1_000_000);
    const elapsed = performance.now() - start;
    expect(messages.reduce((n, m) => n + m.itemCount, 0)).toBe(rows.length);
    expect(elapsed).toBeLessThan(5_000);
  });
});
