import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { nowNanos, type TimeseriesRow } from '@quix-connectors/message-schema';
import type { Logger } from '@quix-connectors/service';
import { ReportThrottle, type Clock } from '@quix-connectors/timing';
import { cpuGroup, osCores, procStatCores } from './groups/cpu-group.js';
import { diskIoGroup } from './groups/disk-io-group.js';
import { filesystemGroup } from './groups/filesystem-group.js';
import { loadGroup } from './groups/load-group.js';
import { memoryGroup, procMeminfo, systeminformationMemory } from './groups/memory-group.js';
import { LINUX_ONLY_GROUPS, type MetricGroupName, type ReadGroup, type SystemAccess } from './groups/metric-group.js';
import { networkGroup } from './groups/network-group.js';

/** Takes one sample of the machine: a time series row, stamped when the sample was taken. */
export type Sampler = () => Promise<TimeseriesRow>;

export interface SystemSamplerOptions {
  host: string;
  groups: readonly MetricGroupName[];
  filesystemIgnoreTypes: readonly string[];
  networkIgnoreInterfaces: readonly string[];
  diskIgnoreDevices: readonly string[];
  clock: Clock;
  logger: Logger;
  platform?: NodeJS.Platform;
  /** The machine's files; tests give fixtures. */
  files?: Pick<SystemAccess, 'readText' | 'statfs'>;
}

/**
 * /proc files are written by the kernel as they are read and never wait on a disk, so they are read
 * synchronously: a few microseconds, where fs/promises' readFile is four or five trips through
 * libuv's thread pool per file, each waking the process. statfs stays asynchronous (and bounded):
 * a network filesystem can hold it for minutes.
 */
const machineFiles: Pick<SystemAccess, 'readText' | 'statfs'> = { readText: async (path) => readFileSync(path, 'utf8'), statfs: (path) => statfs(path) };

/**
 * One row per sample holding every chosen group's parameters, tagged with the host so streams can
 * be told apart. On Linux every group reads /proc with plain file reads (no process is spawned).
 * The groups are read once when the sampler is made, so the first sample's loads and rates
 * already cover the time since then. A group that cannot be read is left out of that sample and
 * logged (once a minute per cause); the sample fails only when no group could be read.
 */
export async function systemSampler(options: SystemSamplerOptions): Promise<Sampler> {
  const { logger, clock } = options;
  const linux = (options.platform ?? process.platform) === 'linux';
  const throttle = new ReportThrottle(clock, 60_000);
  const access: SystemAccess = {
    ...(options.files ?? machineFiles),
    clock,
    warn(cause, err, message) {
      const verdict = throttle.take(cause);
      if (verdict.report) logger.warn({ err, suppressed: verdict.suppressed }, message);
    },
  };
  const unsupported = linux ? [] : options.groups.filter((g) => LINUX_ONLY_GROUPS.has(g));
  if (unsupported.length > 0) logger.warn({ groups: unsupported, platform: options.platform ?? process.platform }, 'these METRIC_GROUPS read /proc and are collected on Linux only');
  const makers: Record<MetricGroupName, () => ReadGroup> = {
    cpu: () => cpuGroup(linux ? procStatCores(access) : osCores),
    memory: () => memoryGroup(linux ? procMeminfo(access) : systeminformationMemory),
    load: () => loadGroup(),
    filesystem: () => filesystemGroup(access, options.filesystemIgnoreTypes),
    network: () => networkGroup(access, options.networkIgnoreInterfaces),
    diskio: () => diskIoGroup(access, options.diskIgnoreDevices),
  };
  const groups = options.groups.filter((g) => !unsupported.includes(g)).map((name) => ({ name, read: makers[name]() }));
  const readAll = () => Promise.allSettled(groups.map((g) => g.read()));
  await readAll(); // the baseline of loads and rates; its values are not published

  return async () => {
    const timestamp = nowNanos();
    const results = await readAll();
    const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [{ group: groups[i].name, err: r.reason as unknown }] : []));
    if (failures.length === groups.length) throw new AggregateError(failures.map((f) => f.err), 'no metric group could be read');
    for (const { group, err } of failures) access.warn(`group ${group}`, err, `the ${group} group could not be read; it is left out of the sample`);
    const numeric: Record<string, number> = {};
    for (const result of results) if (result.status === 'fulfilled') Object.assign(numeric, result.value);
    return { timestamp, numeric, tags: { host: options.host } };
  };
}
