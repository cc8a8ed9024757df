import { createTestTopic, parseJsonExact, readAll, readBack, testBrokers } from '@quix-connectors/testing';
import type { MessageFormat, TimeseriesRow } from '@quix-connectors/message-schema';
import { silentLogger } from './logger.js';
import { QuixProducer } from './quix-producer.js';
import { KafkaClient } from './kafka/kafka-client.js';
import { KafkaSink } from './sink/kafka-sink.js';

// Integration tests: a real Kafka broker (jest global setup), read back and decoded.

// A minute ago, with nanoseconds: Kafka's record time is the rows' own (data older than an hour goes with the produce time: record-time.ts).
const base = BigInt(Date.now() - 60_000) * 1_000_000n + 123_456_789n;
const rows: TimeseriesRow[] = Array.from({ length: 50 }, (_, i) => ({
  timestamp: base + BigInt(i) * 1_000_001n,
  numeric: { cpu: i + 0.5, temp: i % 3 === 0 ? null : -i },
  strings: { state: `s-${i}` },
  tags: { host: 'srv-1' },
}));

async function producerFor(topic: string, format: MessageFormat, maxMessageBytes = 1_000_000) {
  const sink = new KafkaSink(new KafkaClient({ brokers: testBrokers(), clientId: 'int-test', logger: silentLogger }), { createTopics: true, connectTimeoutMs: 10_000, logger: silentLogger });
  const producer = new QuixProducer({
    sink,
    topic,
    format,
    maxMessageBytes,
    maxPendingBytes: 1_000_000,
    buffer: { timeSpanMs: 50, maxRows: 20 },
  });
  await producer.connect();
  return producer;
}

const decode = (value: Buffer) => parseJsonExact(value.toString('utf8')) as Record<string, unknown>;

describe('QuixProducer against a real broker', () => {
  it('json: one message per row, keyed by the stream id, timestamps exact, Kafka time = row time', async () => {
    const topic = await createTestTopic(testBrokers());
    const producer = await producerFor(topic, 'json');
    const stream = await producer.createStream('stream-a');
    await stream.timeseries.add(rows);
    await stream.close();
    await producer.close();

    const messages = await readBack(testBrokers(), topic, { count: rows.length, timeoutMs: 30_000 });
    expect(messages.map((m) => m.key)).toEqual(rows.map(() => 'stream-a'));
    expect(messages.map((m) => m.timestamp)).toEqual(rows.map((r) => String(r.timestamp / 1_000_000n)));
    expect(messages.map((m) => decode(m.value))).toEqual(
      rows.map((r) => ({ Timestamp: r.timestamp, ...r.numeric, ...r.strings, Tags: r.tags })),
    );
  });

  it('json: rows stamped more than an hour ago go with the produce time as Kafka time, their own in the value', async () => {
    const topic = await createTestTopic(testBrokers());
    const producer = await producerFor(topic, 'json');
    const stream = await producer.createStream('stream-old');
    const before = Date.now();
    await stream.timeseries.add([{ timestamp: 1_733_000_000_000_000_001n, numeric: { n: 1 } }]); // Dec 2024
    await stream.close();
    await producer.close();
    const after = Date.now();

    const [message] = await readBack(testBrokers(), topic, { count: 1, timeoutMs: 30_000 });
    expect(Number(message.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(message.timestamp)).toBeLessThanOrEqual(after);
    expect(decode(message.value)).toEqual({ Timestamp: 1_733_000_000_000_000_001n, n: 1 });
  });

  it('quix: properties first, rows batched in ParameterData under the size cap, StreamEnd last', async () => {
    const topic = await createTestTopic(testBrokers());
    const producer = await producerFor(topic, 'quix', 1200);
    const stream = await producer.createStream('stream-q', { properties: { name: 'Q', metadata: { a: 'b' } } });
    await stream.timeseries.add(rows);
    await stream.close('Aborted');
    await producer.close();

    // close() resolved, so Kafka has acknowledged everything: read to the end offsets.
    const everything = await readAll(testBrokers(), topic, { idleMs: 10_000 });
    const envelopes = everything.map((m) => decode(m.value) as { K: string; V: Record<string, unknown> });
    expect(everything.every((m) => m.key === 'stream-q' && m.value.length <= 1200)).toBe(true);
    expect(envelopes[0]).toMatchObject({ K: 'StreamProperties', V: { Name: 'Q', Metadata: { a: 'b' } } });
    expect(envelopes[envelopes.length - 1]).toMatchObject({ K: 'StreamEnd', V: { StreamEndType: 'Aborted' } });
    const data = envelopes.slice(1, -1);
    expect(data.length).toBeGreaterThan(1); // the cap forced several messages
    expect(data.every((e) => e.K === 'ParameterData')).toBe(true);
    const timestamps = data.flatMap((e) => e.V['Timestamps'] as bigint[]);
    const cpu = data.flatMap((e) => (e.V['NumericValues'] as Record<string, number[]>)['cpu']);
    expect(timestamps).toEqual(rows.map((r) => r.timestamp));
    expect(cpu).toEqual(rows.map((r) => r.numeric?.['cpu']));
  });

  it('resolves publishEvents only when the events can be read from the topic', async () => {
    const topic = await createTestTopic(testBrokers());
    const producer = await producerFor(topic, 'json');
    const stream = await producer.createStream('events');
    await stream.publishEvents([{ id: 'order.created', value: '{"n":1}', timestamp: base, tags: { source: 'shop' } }]);
    const [message] = await readBack(testBrokers(), topic, { count: 1, timeoutMs: 10_000 });
    expect(decode(message.value)).toEqual({ Id: 'order.created', Value: '{"n":1}', Tags: { source: 'shop' }, Timestamp: base });
    await producer.close();
  });

  it('creates a missing output topic, and says where it could not connect', async () => {
    const topic = `created-${Date.now()}`;
    const producer = await producerFor(topic, 'json');
    const stream = await producer.createStream('s');
    await stream.timeseries.add(rows[0]);
    await producer.close();
    expect(await readBack(testBrokers(), topic, { count: 1, timeoutMs: 10_000 })).toHaveLength(1);

    const unreachable = new KafkaSink(new KafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'x', logger: silentLogger }), { createTopics: true, connectTimeoutMs: 500, logger: silentLogger });
    await expect(unreachable.connect()).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
      message: expect.stringContaining('127.0.0.1:1'),
    });
  });
});
