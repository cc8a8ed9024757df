import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { testBrokers } from '../jest/test-brokers.ts';
import { readAll, readBack } from './read-back.ts';
import { createTestTopic, topicConfigValue } from './topics.ts';

describe('readBack / readAll against the test broker', () => {
  let producer: Producer;

  beforeAll(async () => {
    producer = new Kafka({
      clientId: 'read-back-spec',
      brokers: testBrokers(),
      logLevel: logLevel.ERROR,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
  });

  it('reads back what kafkajs produced: key, value, timestamp, headers, offsets', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'read-back' });
    await producer.send({
      topic,
      messages: [
        {
          key: 'stream-1',
          value: '{"n":1}',
          timestamp: '1700000000000',
          headers: { h: 'v' },
        },
        { key: null, value: '{"n":2}', timestamp: '1700000000001' },
      ],
    });

    const messages = await readBack(testBrokers(), topic, {
      count: 2,
      timeoutMs: 30_000,
    });

    expect(messages).toEqual([
      {
        key: 'stream-1',
        value: Buffer.from('{"n":1}'),
        timestamp: '1700000000000',
        partition: 0,
        offset: '0',
        headers: { h: 'v' },
      },
      {
        key: null,
        value: Buffer.from('{"n":2}'),
        timestamp: '1700000000001',
        partition: 0,
        offset: '1',
        headers: {},
      },
    ]);
  });

  it('creates test topics without time retention, so records stamped years ago are kept', async () => {
    // With the default 7 days, the broker's retention check deleted this spec's 2023 records
    // between write and read in 2 of about 25 CI runs (0 of 2 read).
    const topic = await createTestTopic(testBrokers(), { prefix: 'read-back-retention' });
    expect(await topicConfigValue(testBrokers(), topic, 'retention.ms')).toBe('-1');
  });

  it('rejects on timeout saying how many messages arrived', async () => {
    const topic = await createTestTopic(testBrokers(), {
      prefix: 'read-back-timeout',
    });
    await producer.send({ topic, messages: [{ key: 'k', value: 'x' }] });

    await expect(
      readBack(testBrokers(), topic, { count: 2, timeoutMs: 4_000 }),
    ).rejects.toMatchObject({
      code: 'READ_TIMEOUT',
      message: expect.stringContaining('1 of 2 messages arrived'),
    });
  });

  it('readAll reads every partition up to its end offset', async () => {
    const topic = await createTestTopic(testBrokers(), {
      prefix: 'read-all',
      partitions: 3,
    });
    const messages = Array.from({ length: 30 }, (_, i) => ({
      key: `stream-${i % 7}`,
      value: String(i),
    }));
    await producer.send({ topic, messages });

    const read = await readAll(testBrokers(), topic, { idleMs: 15_000 });

    expect(
      read.map((m) => Number(m.value.toString())).sort((a, b) => a - b),
    ).toEqual(messages.map((_, i) => i));
    expect(new Set(read.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it('readAll of an empty topic resolves at once with nothing', async () => {
    const topic = await createTestTopic(testBrokers(), {
      prefix: 'read-all-empty',
    });
    await expect(
      readAll(testBrokers(), topic, { idleMs: 1_000 }),
    ).resolves.toEqual([]);
  });
});
