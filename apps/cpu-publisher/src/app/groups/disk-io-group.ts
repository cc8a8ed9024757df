import { parseDiskstats } from '../proc/diskstats.js';
import { counterRateGroup } from './counter-rate-group.js';
import type { ReadGroup, SystemAccess } from './metric-group.js';

/**
 * `disk_<device>_read_bytes_per_second` and `disk_<device>_written_bytes_per_second`, from
 * /proc/diskstats' sector counters between two reads. Like Telegraf's diskio input it lists every
 * block device the kernel does, partitions too; devices matching an ignored glob are skipped.
 */
export function diskIoGroup(access: SystemAccess, ignoreGlobs: readonly string[]): ReadGroup {
  return counterRateGroup(access, { path: '/proc/diskstats', parse: parseDiskstats, ignoreGlobs }, (d, segment) => ({
    [`disk_${segment}_read_bytes_per_second`]: d.readBytes,
    [`disk_${segment}_written_bytes_per_second`]: d.writtenBytes,
  }));
}
