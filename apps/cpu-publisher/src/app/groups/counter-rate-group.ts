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
  const ignored = globVerdicts(source.ignoreGlobs);
  return async () => {
    const devices = ignored.keep(source.parse(await access.readText(source.path)));
    const segments = parameterSegments(devices.map((d) => d.name));
    const readings = new Map(devices.flatMap((d, n) => Object.entries(counters(d, segments[n]))));
    return Object.fromEntries([...rates(readings, access.clock.now())].map(([name, rate]) => [name, round(rate)]));
  };
}

/**
 * Whether each device name matches an ignored glob, worked out once per name: `matchesGlob`
 * compiles its pattern at every call, which was the largest cost of a sample. Only the names of
 * the latest read are remembered, so interfaces that come and go (veth*) cannot grow it.
 */
function globVerdicts(globs: readonly string[]) {
  let verdicts = new Map<string, boolean>();
  return {
    keep<Device extends { name: string }>(devices: Device[]): Device[] {
      const now = new Map(devices.map((d) => [d.name, verdicts.get(d.name) ?? globs.some((glob) => matchesGlob(d.name, glob))]));
      verdicts = now;
      return devices.filter((d) => !now.get(d.name));
    },
  };
}
