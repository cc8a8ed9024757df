import { matchesGlob } from 'node:path';
import { counterRates } from '../counter-rates.js';
import { parseNetDev } from '../proc/net-dev.js';
import { parameterSegments } from '../parameter-names.js';
import { round, type ReadGroup, type SystemAccess } from './metric-group.js';

/**
 * `network_<interface>_received_bytes_per_second`, `_sent_bytes_per_second`,
 * `_received_packets_per_second` and `_sent_packets_per_second`, from /proc/net/dev's counters
 * between two reads. Interfaces matching an ignored glob (`lo`, `veth*`) are skipped.
 */
export function networkGroup(access: SystemAccess, ignoreGlobs: readonly string[]): ReadGroup {
  const rates = counterRates();
  return async () => {
    const interfaces = parseNetDev(await access.readText('/proc/net/dev')).filter((i) => !ignoreGlobs.some((glob) => matchesGlob(i.name, glob)));
    const segments = parameterSegments(interfaces.map((i) => i.name));
    const counters = new Map<string, number>();
    interfaces.forEach((i, n) => {
      const prefix = `network_${segments[n]}`;
      counters.set(`${prefix}_received_bytes_per_second`, i.receivedBytes);
      counters.set(`${prefix}_sent_bytes_per_second`, i.sentBytes);
      counters.set(`${prefix}_received_packets_per_second`, i.receivedPackets);
      counters.set(`${prefix}_sent_packets_per_second`, i.sentPackets);
    });
    return Object.fromEntries([...rates(counters, access.clock.now())].map(([name, rate]) => [name, round(rate)]));
  };
}
