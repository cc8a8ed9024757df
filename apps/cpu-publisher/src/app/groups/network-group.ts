import { parseNetDev } from '../proc/net-dev.js';
import { counterRateGroup } from './counter-rate-group.js';
import type { ReadGroup, SystemAccess } from './metric-group.js';

/**
 * `network_<interface>_received_bytes_per_second`, `_sent_bytes_per_second`,
 * `_received_packets_per_second` and `_sent_packets_per_second`, from /proc/net/dev's counters
 * between two reads. Interfaces matching an ignored glob (`lo`, `veth*`) are skipped.
 */
export function networkGroup(access: SystemAccess, ignoreGlobs: readonly string[]): ReadGroup {
  return counterRateGroup(access, { path: '/proc/net/dev', parse: parseNetDev, ignoreGlobs }, (i, segment) => ({
    [`network_${segment}_received_bytes_per_second`]: i.receivedBytes,
    [`network_${segment}_sent_bytes_per_second`]: i.sentBytes,
    [`network_${segment}_received_packets_per_second`]: i.receivedPackets,
    [`network_${segment}_sent_packets_per_second`]: i.sentPackets,
  }));
}
