import { ProcFormatError } from './proc-format-error.js';

export interface Memory {
  totalBytes: number;
  /** What can be given to new work without swapping (the kernel's MemAvailable). */
  availableBytes: number;
  /** total - available: what systeminformation calls `active`, as cpu-publisher always published. */
  usedBytes: number;
}

/** /proc/meminfo's `Name:   123 kB` lines, in bytes. */
export function parseMeminfo(text: string): Memory {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([^:\s]+):\s+(\d+)(?:\s+(kB))?$/.exec(line.trim());
    if (!match) throw new ProcFormatError('/proc/meminfo', line, '"Name: <number> [kB]"');
    fields.set(match[1], Number(match[2]) * (match[3] ? 1024 : 1));
  }
  const totalBytes = fields.get('MemTotal');
  if (totalBytes === undefined) throw new ProcFormatError('/proc/meminfo', text.split('\n')[0] ?? '', 'a MemTotal line');
  // MemAvailable appeared in Linux 3.14; before it, free + buffers + page cache is the estimate.
  const availableBytes =
    fields.get('MemAvailable') ?? (fields.get('MemFree') ?? 0) + (fields.get('Buffers') ?? 0) + (fields.get('Cached') ?? 0);
  return { totalBytes, availableBytes, usedBytes: totalBytes - availableBytes };
}
