import { cpuLoadMeter } from './cpu-load.js';
import type { CpuTimes } from './proc/proc-stat.js';

const core = (user: number, system: number, idle: number): CpuTimes => ({ user, system, idle, total: user + system + idle });

describe('cpuLoadMeter', () => {
  it("gives each core's busy share between two readings, and the total of all cores", () => {
    const meter = cpuLoadMeter();
    const first = meter(new Map([[0, core(100, 100, 800)], [1, core(0, 0, 1000)]])); // since boot
    expect(first.cores).toEqual(new Map([[0, 20], [1, 0]]));
    const second = meter(new Map([[0, core(400, 200, 1400)], [1, core(100, 0, 1900)]]));
    // core 0: 300 user + 100 system of 1000; core 1: 100 user of 1000
    expect(second).toEqual({ total: 25, user: 20, system: 5, cores: new Map([[0, 40], [1, 10]]) });
  });

  it('counts steal as busy time (it is in total but neither idle, user nor system)', () => {
    const meter = cpuLoadMeter();
    meter(new Map([[0, { user: 0, system: 0, idle: 0, total: 0 }]]));
    expect(meter(new Map([[0, { user: 10, system: 10, idle: 50, total: 100 }]]))).toEqual({ total: 50, user: 10, system: 10, cores: new Map([[0, 50]]) });
  });

  it('gives 0, not NaN, when no tick passed, and starts a core that comes online from boot', () => {
    const meter = cpuLoadMeter();
    meter(new Map([[0, core(1, 1, 8)]]));
    const next = meter(new Map([[0, core(1, 1, 8)], [2, core(5, 0, 5)]]));
    expect(next.cores).toEqual(new Map([[0, 0], [2, 50]]));
  });
});
