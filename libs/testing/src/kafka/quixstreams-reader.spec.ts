import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { testBrokers } from '../jest/test-brokers.ts';
import { readWithQuixstreams } from './quixstreams-reader.ts';
import { createTestTopic } from './topics.ts';

describe('readWithQuixstreams (the official Python library)', () => {
  // The first run creates the venv (pip install quixstreams), which takes a while.
  jest.setTimeout(180_000);

  it('decodes a JSON message written by kafkajs, keeping big integers exact', async () => {
    const topic = await createTestTopic(testBrokers(), {
      prefix: 'quixstreams-json',
    });
    const producer = new Kafka({
      clientId: 'qs-spec',
      brokers: testBrokers(),
      logLevel: logLevel.ERROR,
    }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          {
            key: 'srv1',
            value: '{"cpu":12.5,"host":"srv1","Timestamp":1700000000000000001}',
            timestamp: '1700000000000',
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }

    const rows = await readWithQuixstreams({
      brokers: testBrokers(),
      topic,
      format: 'json',
      count: 1,
      timeoutMs: 30_000,
    });

    expect(rows).toEqual([
      {
        key: 'srv1',
        value: { cpu: 12.5, host: 'srv1', Timestamp: 1700000000000000001n },
        timestamp_ms: 1700000000000,
      },
    ]);
  });

  it('fails with READ_TIMEOUT when fewer rows arrive than asked for', async () => {
    const topic = await createTestTopic(testBrokers(), {
      prefix: 'quixstreams-empty',
    });
    await expect(
      readWithQuixstreams({
        brokers: testBrokers(),
        topic,
        format: 'json',
        count: 1,
        timeoutMs: 3_000,
      }),
    ).rejects.toMatchObject({ code: 'READ_TIMEOUT' });
  });
});
