import { parseJsonExact, readAll, testBrokers } from '@quix-connectors/testing';
import { KafkaClient } from '../kafka/kafka-client.js';
import { silentLogger } from '../logger.js';
import { QuixProducer } from '../quix-producer.js';
import { KafkaSink } from '../sink/kafka-sink.js';
import type { Refusal } from '../stream/refusal.js';

// A record the broker itself refuses (over the topic's max.message.bytes, which is below what
// the producer was told): it goes to the refusal handler alone; the records around it are delivered.

describe('a record the broker refuses', () => {
  it('is isolated and handed to the policy; the others are delivered in order', async () => {
    const client = new KafkaClient({ brokers: testBrokers(), clientId: 'refusal-test', logger: silentLogger });
    const topic = `refusal-${Date.now()}`;
    await client.createMissingTopics([{ topic, configEntries: [{ name: 'max.message.bytes', value: '2000' }, { name: 'retention.ms', value: '-1' }] }]);
    const refused: Refusal[] = [];
    const producer = new QuixProducer({
      sink: new KafkaSink(client, { createTopics: false, connectTimeoutMs: 30_000, logger: silentLogger }),
      topic,
      format: 'json',
      maxMessageBytes: 1_000_000,
      maxPendingBytes: 1_000_000,
      buffer: { timeSpanMs: 50, maxRows: 10 },
      onRefused: (r) => refused.push(r),
    });
    await producer.connect();
    const stream = await producer.createStream('s');
    const rows = [1, 2, 3, 4, 5].map((n) => ({ timestamp: BigInt(n), strings: { text: n === 3 ? 'x'.repeat(5000) : `row ${n}` } }));
    await stream.timeseries.add(rows);
    await stream.timeseries.flush();
    await producer.close();
    expect(refused.map((r) => [r.reason, r.rows?.map((x) => x.timestamp)])).toEqual([['MESSAGE_TOO_LARGE', [3n]]]);
    const delivered = (await readAll(testBrokers(), topic, { idleMs: 10_000 })).map((m) => Number((parseJsonExact(m.value.toString()) as { Timestamp: number }).Timestamp));
    expect(delivered).toEqual([1, 2, 4, 5]);
  });
});
