import type { CpuInfo } from 'node:os';
import { cpuLoadMeter } from './cpu-load.js';

const core = (user: number, sys: number, idle: number): CpuInfo => ({ model: 'x', speed: 1, times: { user, nice: 0, sys, idle, irq: 0 } });

describe('cpuLoadMeter', () => {
  it('gives each core\'s busy share between two readings, and the total of all cores', () => {
    const readings = [[core(100, 100, 800), core(0, 0, 1000)], [core(400, 200, 1400), core(100, 0, 1900)]];
    const meter = cpuLoadMeter(() => readings.shift() ?? []);
    const first = meter(); // since boot
    expect(first.cores).toEqual([20, 0]);
    const second = meter();
    // core 0: 300 user + 100 sys of 1000; core 1: 100 user of 1000
    expect(second).toEqual({ total: 25, user: 20, system: 5, cores: [40, 10] });
  });
});
