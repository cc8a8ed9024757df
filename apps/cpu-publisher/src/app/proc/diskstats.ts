import { counters, ProcFormatError } from './proc-format-error.js';

export interface DiskCounters {
  name: string;
  /** Sectors are always 512 bytes in /proc/diskstats, whatever the device's own sector size. */
  readBytes: number;
  writtenBytes: number;
}

export const DISKSTATS_SECTOR_BYTES = 512;

/**
 * /proc/diskstats (Documentation/admin-guide/iostats.rst): `major minor name` and at least 11
 * counters; the 3rd is sectors read, the 7th sectors written.
 */
export function parseDiskstats(text: string): DiskCounters[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [major, minor, name, ...rest] = line.trim().split(/\s+/);
    const values = counters([major, minor, ...rest]);
    if (!name || !values || values.length < 13) throw new ProcFormatError('/proc/diskstats', line, '"major minor name" and at least 11 counters');
    return { name, readBytes: values[4] * DISKSTATS_SECTOR_BYTES, writtenBytes: values[8] * DISKSTATS_SECTOR_BYTES };
  });
}
