import { counters, ProcFormatError } from './proc-format-error.js';

/** Time a CPU spent, in clock ticks since boot, folded into what the published loads need. */
export interface CpuTimes {
  /** user + nice (guest time is already inside user). */
  user: number;
  /** system + irq + softirq. */
  system: number;
  /** idle + iowait: waiting on I/O is not work. */
  idle: number;
  /** Everything, steal included (time a hypervisor gave to others counts as busy, as top shows). */
  total: number;
}

/**
 * The per-core lines of /proc/stat (`cpu<n> user nice system idle iowait irq softirq steal guest
 * guest_nice`), by core number. The aggregate `cpu` line is the sum of these and is not needed.
 * Kernels before 2.6.11 print fewer columns; missing ones count as 0.
 */
export function parseProcStat(text: string): Map<number, CpuTimes> {
  const cores = new Map<number, CpuTimes>();
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const values = counters(match[2].trim().split(/\s+/));
    if (!values || values.length < 4) throw new ProcFormatError('/proc/stat', line, 'cpu<n> followed by at least 4 tick counts');
    const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = values;
    cores.set(Number(match[1]), {
      user: user + nice,
      system: system + irq + softirq,
      idle: idle + iowait,
      total: user + nice + system + idle + iowait + irq + softirq + steal,
    });
  }
  if (cores.size === 0) throw new ProcFormatError('/proc/stat', text.split('\n')[0] ?? '', 'cpu<n> lines');
  return cores;
}
