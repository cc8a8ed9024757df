import { parse, variable } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';
import { METRIC_GROUPS, type MetricGroupName } from './groups/metric-group.js';

/** A comma-separated list; `none` is the empty list (an empty value means "unset", so the default). */
const splitList = (value: string) => (value.trim().toLowerCase() === 'none' ? [] : value.split(',').map((part) => part.trim()).filter((part) => part.length > 0));
const list = () => parse.text().transform(splitList);

/** Group names, each at most once, in the order of METRIC_GROUPS (the order parameters appear in). */
const groupList = () =>
  parse.text().transform((value, ctx) => {
    const names = splitList(value);
    const unknown = names.filter((name) => !(METRIC_GROUPS as readonly string[]).includes(name));
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `${unknown.join(', ')}: each group must be one of ${METRIC_GROUPS.join(', ')}` });
    else if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one group' });
    return METRIC_GROUPS.filter((group): group is MetricGroupName => names.includes(group));
  });

/** Everything cpu-publisher reads from the environment. */
export const cpuPublisherVariables = {
  ...baseVariables({ topic: 'cpu-load', port: 8080, bufferTimeSpanMs: 100 }),
  streamId: variable('STREAM_ID', parse.text().optional(), {
    description: 'Stream id (the Kafka message key). Default: the host name.',
  }),
  streamName: variable('STREAM_NAME', parse.text().optional(), {
    description: 'Stream name shown in Quix. Default: "CPU Load - <host>".',
  }),
  intervalMs: variable('SAMPLE_INTERVAL_MS', parse.durationMs({ max: 86_400_000 }).default(1000), {
    description: 'How often to sample, ms. Samples keep a fixed rate without drift; a late sample never makes the next one early.',
    defaultValue: '1000',
  }),
  maxUndeliveredMs: variable('MAX_UNDELIVERED_MS', parse.durationMs({ max: 86_400_000 }).default(600_000), {
    description:
      'While Kafka is down, samples are kept for up to this span (default 10 minutes) and delivered once it is back; newer samples beyond it are dropped, counted in cpu_samples_dropped_total and logged.',
    defaultValue: '600000',
  }),
  metricGroups: variable('METRIC_GROUPS', groupList().default([...METRIC_GROUPS]), {
    description: `Which groups of parameters each sample holds, comma-separated: ${METRIC_GROUPS.join(', ')}. filesystem, network and diskio read /proc, so are collected on Linux only (elsewhere they are skipped with a warning).`,
    defaultValue: METRIC_GROUPS.join(','),
  }),
  filesystemIgnoreTypes: variable('FILESYSTEM_IGNORE_TYPES', list().default(['tmpfs', 'devtmpfs', 'devfs', 'iso9660', 'overlay', 'aufs', 'squashfs']), {
    description: 'filesystem group: filesystem types left out, comma-separated (Telegraf\'s default list); `none` leaves none out. Filesystems that report no size (proc, sysfs, cgroup) are always left out.',
    defaultValue: 'tmpfs,devtmpfs,devfs,iso9660,overlay,aufs,squashfs',
  }),
  networkIgnoreInterfaces: variable('NETWORK_IGNORE_INTERFACES', list().default(['lo']), {
    description: 'network group: interfaces left out, comma-separated names or globs (e.g. `lo,veth*`); `none` leaves none out.',
    defaultValue: 'lo',
  }),
  diskIgnoreDevices: variable('DISK_IGNORE_DEVICES', list().default(['loop*', 'ram*']), {
    description: 'diskio group: block devices left out, comma-separated names or globs (e.g. `loop*,ram*,sd?[0-9]*` to keep whole disks only); `none` leaves none out.',
    defaultValue: 'loop*,ram*',
  }),
};
