import { matchesGlob } from 'node:path';
import { counterRates } from '../counter-rates.js';
import { parameterSegments } from '../parameter-names.js';
import { round, type ReadGroup, type SystemAccess } from './metric-group.js';

/**
 * A group of per-second rates of each named device's kernel counters (interfaces, disks) read from
 * one /proc file: devices matching an ignored glob are skipped, and `counters` names each device's
 * parameters from its parameter segment.
 */
export function counterRateGroup<Device extends { name: string }>(
  access: SystemAccess,
  source: { path: string; parse: (text: string) => Device[]; ignoreGlobs: readonly string[] },
  counters: (device: Device, segment: string) => Record<string, number>,
): ReadGroup {
  const rates = counterRates();
  return async () => {
    const devices = source.parse(await access.readText(source.path)).filter((d) => !source.ignoreGlobs.some((glob) => matchesGlob(d.name, glob)));
    const segments = parameterSegments(devices.map((d) => d.name));
    const readings = new Map(devices.flatMap((d, n) => Object.entries(counters(d, segments[n]))));
    return Object.fromEntries([...rates(readings, access.clock.now())].map(([name, rate]) => [name, round(rate)]));
  };
}
