import type { CpuTimes } from './proc/proc-stat.js';

export interface CpuLoad {
  /** Percent of time busy since the previous reading, all cores together. */
  total: number;
  user: number;
  system: number;
  /** Percent busy of each core, by core number. */
  cores: Map<number, number>;
}

const zero: CpuTimes = { user: 0, system: 0, idle: 0, total: 0 };

/**
 * CPU load as the share of time each core was busy between two readings of its tick counters
 * (from /proc/stat on Linux, `os.cpus()` elsewhere). The first reading compares with boot.
 */
export function cpuLoadMeter(): (cores: Map<number, CpuTimes>) => CpuLoad {
  let previous = new Map<number, CpuTimes>();
  return (now) => {
    const deltas = new Map([...now].map(([core, times]) => [core, delta(times, previous.get(core) ?? zero)]));
    previous = now;
    const sum = [...deltas.values()].reduce(add, zero);
    return {
      total: percent(sum.total - sum.idle, sum.total),
      user: percent(sum.user, sum.total),
      system: percent(sum.system, sum.total),
      cores: new Map([...deltas].map(([core, d]) => [core, percent(d.total - d.idle, d.total)])),
    };
  };
}

function delta(a: CpuTimes, b: CpuTimes): CpuTimes {
  return { user: a.user - b.user, system: a.system - b.system, idle: a.idle - b.idle, total: a.total - b.total };
}

function add(a: CpuTimes, b: CpuTimes): CpuTimes {
  return { user: a.user + b.user, system: a.system + b.system, idle: a.idle + b.idle, total: a.total + b.total };
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
}
