import { loadavg } from 'node:os';
import type { ReadGroup } from './metric-group.js';

/**
 * `load_average_1m`, `_5m`, `_15m`. Node's `os.loadavg()` is the sysinfo(2) system call on Linux
 * (the numbers /proc/loadavg prints), so there is nothing to spawn or parse on any platform.
 */
export function loadGroup(read: () => number[] = loadavg): ReadGroup {
  return async () => {
    const [load1, load5, load15] = read();
    return { load_average_1m: load1, load_average_5m: load5, load_average_15m: load15 };
  };
}
