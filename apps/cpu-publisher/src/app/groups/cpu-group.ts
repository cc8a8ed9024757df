import { cpus } from 'node:os';
import { cpuLoadMeter } from '../cpu-load.js';
import { parseProcStat, type CpuTimes } from '../proc/proc-stat.js';
import { round, type ReadGroup, type SystemAccess } from './metric-group.js';

/** Every core's tick counters: /proc/stat on Linux (iowait, softirq and steal included). */
export type ReadCores = () => Promise<Map<number, CpuTimes>>;

export const procStatCores = (access: SystemAccess): ReadCores => async () => parseProcStat(await access.readText('/proc/stat'));

/** Elsewhere Node's `os.cpus()`, which has no iowait, softirq or steal. */
export const osCores: ReadCores = async () =>
  new Map(cpus().map(({ times: t }, core) => [core, { user: t.user + t.nice, system: t.sys + t.irq, idle: t.idle, total: t.user + t.nice + t.sys + t.irq + t.idle }]));

/** `cpu_load_total`, `_user`, `_system` and `cpu_load_core_<n>`: % busy since the previous read. */
export function cpuGroup(readCores: ReadCores): ReadGroup {
  const meter = cpuLoadMeter();
  return async () => {
    const load = meter(await readCores());
    const numeric: Record<string, number> = { cpu_load_total: round(load.total), cpu_load_user: round(load.user), cpu_load_system: round(load.system) };
    for (const [core, percent] of load.cores) numeric[`cpu_load_core_${core}`] = round(percent);
    return numeric;
  };
}
