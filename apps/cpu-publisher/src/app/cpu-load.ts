import { cpus, type CpuInfo } from 'node:os';

export interface CpuLoad {
  /** Percent of time busy since the previous reading, all cores together. */
  total: number;
  user: number;
  system: number;
  /** Percent busy of each core. */
  cores: number[];
}

type Times = CpuInfo['times'];

/**
 * CPU load from the kernel's counters (`os.cpus()`, which reads /proc/stat in-process), as the
 * share of time each core was busy between two readings. It replaces systeminformation's
 * `currentLoad()`, which shells out to `cat /proc/stat | grep cpu` at every sample and cost
 * cpu-publisher most of its CPU at 1 Hz. The first reading compares with the counters since boot.
 */
export function cpuLoadMeter(read: () => CpuInfo[] = cpus): () => CpuLoad {
  const zero: Times = { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 };
  let previous: Times[] = [];
  return () => {
    const now = read().map((c) => c.times);
    const deltas = now.map((t, i) => delta(t, previous[i] ?? zero));
    previous = now;
    const sum = deltas.reduce((a, d) => ({ user: a.user + d.user, nice: a.nice + d.nice, sys: a.sys + d.sys, idle: a.idle + d.idle, irq: a.irq + d.irq }), zero);
    const all = total(sum);
    return {
      total: percent(all - sum.idle, all),
      user: percent(sum.user + sum.nice, all),
      system: percent(sum.sys + sum.irq, all),
      cores: deltas.map((d) => percent(total(d) - d.idle, total(d))),
    };
  };
}

function delta(a: Times, b: Times): Times {
  return { user: a.user - b.user, nice: a.nice - b.nice, sys: a.sys - b.sys, idle: a.idle - b.idle, irq: a.irq - b.irq };
}

const total = (t: Times) => t.user + t.nice + t.sys + t.idle + t.irq;

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.max(0, (part / whole) * 100)) : 0;
}
