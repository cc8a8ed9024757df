import { parseMeminfo, type Memory } from '../proc/meminfo.js';
import type { ReadGroup, SystemAccess } from './metric-group.js';

export type ReadMemory = () => Promise<Memory>;

export const procMeminfo = (access: SystemAccess): ReadMemory => async () => parseMeminfo(await access.readText('/proc/meminfo'));

/**
 * Elsewhere systeminformation, whose macOS and Windows figures account for caches as the OS does.
 * Imported only there: on Linux it would be 11 MB of resident memory that is never used.
 */
export const systeminformationMemory: ReadMemory = async () => {
  const { default: si } = await import('systeminformation');
  const memory = await si.mem();
  return { totalBytes: memory.total, availableBytes: memory.available, usedBytes: memory.active };
};

/** `memory_total_bytes`, `memory_used_bytes` (total - available), `memory_available_bytes`. */
export function memoryGroup(readMemory: ReadMemory): ReadGroup {
  return async () => {
    const memory = await readMemory();
    return { memory_total_bytes: memory.totalBytes, memory_used_bytes: memory.usedBytes, memory_available_bytes: memory.availableBytes };
  };
}
