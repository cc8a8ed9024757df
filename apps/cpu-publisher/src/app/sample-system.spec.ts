import { cpus } from 'node:os';
import { systemSampler } from './sample-system.js';

describe('systemSampler', () => {
  it('samples total, per-core and memory figures of this machine, tagged with the host', async () => {
    const sample = systemSampler('test-host');
    const before = BigInt(Date.now()) * 1_000_000n;
    const row = await sample();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(row.timestamp >= before && row.timestamp <= after).toBe(true);
    expect(row.tags).toEqual({ host: 'test-host' });
    const numeric = row.numeric ?? {};
    for (const name of ['cpu_load_total', 'cpu_load_user', 'cpu_load_system']) {
      expect(numeric[name]).toBeGreaterThanOrEqual(0);
      expect(numeric[name]).toBeLessThanOrEqual(100);
    }
    for (let core = 0; core < cpus().length; core += 1) expect(numeric[`cpu_load_core_${core}`]).toEqual(expect.any(Number));
    expect(numeric['memory_total_bytes']).toBeGreaterThan(numeric['memory_available_bytes'] ?? Infinity);
    expect(numeric['load_average_1m']).toBeGreaterThanOrEqual(0);
  });
});
