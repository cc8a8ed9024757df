import { loadavg } from 'node:os';
import si from 'systeminformation';
import { nowNanos, type TimeseriesRow } from '@quix-connectors/message-schema';
import { cpuLoadMeter } from './cpu-load.js';

/** Takes one sample of the machine: a time series row, stamped when the sample was taken. */
export type Sampler = () => Promise<TimeseriesRow>;

/**
 * CPU load (total, user, system, each core) in percent since the previous sample, memory in
 * bytes, and the 1/5/15 minute load averages. Tagged with the host so streams can be told apart.
 */
export function systemSampler(host: string): Sampler {
  const cpuLoad = cpuLoadMeter();
  return async () => {
    const timestamp = nowNanos();
    const cpu = cpuLoad();
    const memory = await si.mem();
    const [load1, load5, load15] = loadavg();
    const numeric: Record<string, number> = {
      cpu_load_total: round(cpu.total),
      cpu_load_user: round(cpu.user),
      cpu_load_system: round(cpu.system),
    };
    cpu.cores.forEach((load, index) => (numeric[`cpu_load_core_${index}`] = round(load)));
    Object.assign(numeric, {
      memory_total_bytes: memory.total,
      memory_used_bytes: memory.active,
      memory_available_bytes: memory.available,
      load_average_1m: load1,
      load_average_5m: load5,
      load_average_15m: load15,
    });
    return { timestamp, numeric, tags: { host } };
  };
}

/** Two decimals are all a percentage needs, and keep messages small. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
