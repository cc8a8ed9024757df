import { hostname } from 'node:os';
import type { MessageFormat, TimeseriesRow } from '@quix-connectors/message-schema';
import { testProducer } from '@quix-connectors/quix-producer/testing';
import { createTestTopic, parseJsonExact, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import pino from 'pino';
import { startCpuPublisher } from './cpu-publisher.js';
import { systemSampler, type Sampler } from './sample-system.js';

// cpu-publisher's real sampler and producer against the real broker; what it wrote is read back
// by our decoder and by the official Python quixstreams, and must match what was sampled exactly.

const logger = pino({ level: 'silent' });

/** The real sampler, remembering each row it produced. */
function recordingSampler(): { sample: Sampler; rows: TimeseriesRow[] } {
  const real = systemSampler(hostname());
  const rows: TimeseriesRow[] = [];
  return { rows, sample: async () => { const row = await real(); rows.push(row); return row; } };
}

async function publishSamples(format: MessageFormat, samples: number) {
  const topic = await createTestTopic(testBrokers(), { prefix: `cpu-${format}` });
  const producer = await testProducer(testBrokers(), { topic, format, maxPendingBytes: 1_000_000, buffer: { timeSpanMs: 100, maxRows: 1000 } });
  const { sample, rows } = recordingSampler();
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
});
