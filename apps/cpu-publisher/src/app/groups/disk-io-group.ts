import { matchesGlob } from 'node:path';
import { counterRates } from '../counter-rates.js';
import { parseDiskstats } from '../proc/diskstats.js';
import { parameterSegments } from '../parameter-names.js';
import { round, type ReadGroup, type SystemAccess } from './metric-group.js';

/**
 * `disk_<device>_read_bytes_per_second` and `disk_<device>_written_bytes_per_second`, from
 * /proc/diskstats' sector counters between two reads. Like Telegraf's diskio input it lists every
 * block device the kernel does, partitions too; devices matching an ignored glob are skipped.
 */
export function diskIoGroup(access: SystemAccess, ignoreGlobs: readonly string[]): ReadGroup {
  const rates = counterRates();
  return async () => {
    const disks = parseDiskstats(await access.readText('/proc/diskstats')).filter((d) => !ignoreGlobs.some((glob) => matchesGlob(d.name, glob)));
    const segments = parameterSegments(disks.map((d) => d.name));
    const counters = new Map<string, number>();
    disks.forEach((d, n) => {
      counters.set(`disk_${segments[n]}_read_bytes_per_second`, d.readBytes);
      counters.set(`disk_${segments[n]}_written_bytes_per_second`, d.writtenBytes);
    });
    return Object.fromEntries([...rates(counters, access.clock.now())].map(([name, rate]) => [name, round(rate)]));
  };
}
