import { hostname } from 'node:os';
import type { MessageFormat, TimeseriesRow } from '@quix-connectors/message-schema';
import { testProducer } from '@quix-connectors/quix-producer/testing';
import { createTestTopic, parseJsonExact, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { systemClock } from '@quix-connectors/timing';
import pino from 'pino';
import { startCpuPublisher } from './cpu-publisher.js';
import { METRIC_GROUPS } from './groups/metric-group.js';
import { systemSampler, type Sampler } from './sample-system.js';

// cpu-publisher's real sampler and producer against the real broker; what it wrote is read back
// by our decoder and by the official Python quixstreams, and must match what was sampled exactly.

const logger = pino({ level: 'silent' });

/** The real sampler with every group, remembering each row it produced. */
async function recordingSampler(): Promise<{ sample: Sampler; rows: TimeseriesRow[] }> {
  const real = await systemSampler({
    host: hostname(),
    groups: METRIC_GROUPS,
    filesystemIgnoreTypes: ['tmpfs', 'devtmpfs', 'overlay', 'squashfs'],
    // Containers started by other programs add and remove these while the test runs.
    networkIgnoreInterfaces: ['lo', 'veth*', 'podman*', 'docker*', 'br-*', 'cni*'],
    diskIgnoreDevices: ['loop*'],
    clock: systemClock,
    logger,
  });
  const rows: TimeseriesRow[] = [];
  return { rows, sample: async () => { const row = await real(); rows.push(row); return row; } };
}

/** Parameter names of a group that every row holds: the group's prefix, e.g. `network_`. */
const inEveryRow = (rows: Record<string, unknown>[], prefix: string) =>
  Object.keys(rows[0] ?? {}).filter((name) => name.startsWith(prefix) && rows.every((row) => typeof row[name] === 'number'));

async function publishSamples(format: MessageFormat, samples: number) {
  const topic = await createTestTopic(testBrokers(), { prefix: `cpu-${format}` });
  const producer = await testProducer(testBrokers(), { topic, format, maxPendingBytes: 1_000_000, buffer: { timeSpanMs: 100, maxRows: 1000 } });
  const { sample, rows } = await recordingSampler();
  const publisher = await startCpuPublisher({
    producer, sample, logger, host: 'test-host', streamId: 'cpu-test-stream', streamName: 'CPU Load - test-host', intervalMs: 40, maxUndeliveredSamples: 1000,
  });
  while (rows.length < samples) await new Promise((r) => setTimeout(r, 20));
  await publisher.close();
  await producer.close();
  return { topic, rows };
}

/** The dict quixstreams yields for a row, in either format. */
function expectedDict(row: TimeseriesRow): Record<string, unknown> {
  return { ...row.numeric, Tags: row.tags, Timestamp: row.timestamp };
}

describe.each<MessageFormat>(['json', 'quix'])('cpu-publisher, %s format', (format) => {
  let published: { topic: string; rows: TimeseriesRow[] };
  beforeAll(async () => {
    published = await publishSamples(format, 6);
  });

  it('writes every sample to the topic, keyed by the stream id, decoded back exactly', async () => {
    const messages = await readAll(testBrokers(), published.topic, { idleMs: 10_000 });
    expect(messages.every((m) => m.key === 'cpu-test-stream')).toBe(true);
    const values = messages.map((m) => parseJsonExact(m.value.toString()) as Record<string, unknown>);
    if (format === 'json') {
      expect(values).toEqual(published.rows.map((r) => ({ Timestamp: r.timestamp, ...r.numeric, Tags: r.tags })));
    } else {
      expect(values[0]).toMatchObject({ K: 'StreamProperties', V: { Name: 'CPU Load - test-host' } });
      expect(values[values.length - 1]).toMatchObject({ K: 'StreamEnd', V: { StreamEndType: 'Closed' } });
      const data = values.slice(1, -1) as { K: string; V: { Timestamps: bigint[]; NumericValues: Record<string, number[]>; TagValues: Record<string, string[]> } }[];
      expect(data.every((d) => d.K === 'ParameterData')).toBe(true);
      expect(data.flatMap((d) => d.V.Timestamps)).toEqual(published.rows.map((r) => r.timestamp));
      expect(data.flatMap((d) => d.V.NumericValues['cpu_load_total'])).toEqual(published.rows.map((r) => r.numeric?.['cpu_load_total']));
      expect(data.flatMap((d) => d.V.TagValues['host'])).toEqual(published.rows.map((r) => r.tags?.['host']));
    }
  });

  it('is read back by the official Python quixstreams: values, tags and nanosecond timestamps match', async () => {
    const read = await readWithQuixstreams({ brokers: testBrokers(), topic: published.topic, format, count: published.rows.length, timeoutMs: 20_000 });
    expect(read.map((r) => r.key)).toEqual(published.rows.map(() => 'cpu-test-stream'));
    expect(read.map((r) => r.value)).toEqual(published.rows.map(expectedDict));
  });

  it('carries the filesystem, network and disk I/O groups in every row, read back by quixstreams', async () => {
    const read = await readWithQuixstreams({ brokers: testBrokers(), topic: published.topic, format, count: published.rows.length, timeoutMs: 20_000 });
    const values = read.map((r) => r.value as Record<string, unknown>);
    // this machine has a root filesystem, an interface besides lo and a disk besides loop devices
    expect(inEveryRow(values, 'filesystem_root_')).toEqual(['filesystem_root_total_bytes', 'filesystem_root_used_bytes', 'filesystem_root_free_bytes']);
    expect(inEveryRow(values, 'network_').filter((name) => name.endsWith('_received_bytes_per_second')).length).toBeGreaterThan(0);
    expect(inEveryRow(values, 'disk_').filter((name) => name.endsWith('_written_bytes_per_second')).length).toBeGreaterThan(0);
    for (const value of values) for (const name of [...inEveryRow(values, 'network_'), ...inEveryRow(values, 'disk_')]) expect(value[name]).toBeGreaterThanOrEqual(0);
  });
});
