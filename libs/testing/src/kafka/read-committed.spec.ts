import { Kafka, logLevel } from 'kafkajs';
import { testBrokers } from '../jest/test-brokers.ts';
import { readCommitted } from './read-committed.ts';
import { createTestTopic } from './topics.ts';

describe('readCommitted against the test broker', () => {
  const kafka = () => new Kafka({ clientId: 'read-committed-spec', brokers: testBrokers(), logLevel: logLevel.NOTHING });

  it('returns committed transactions, never aborted ones, from every partition, without the end markers', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'read-committed', partitions: 3 });
    const producer = kafka().producer({ transactionalId: `read-committed-spec-${topic}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const write = async (values: string[], commit: boolean) => {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value, partition: i % 3 })) });
        await (commit ? transaction.commit() : transaction.abort());
      };
      await write(['a', 'b', 'c'], true);
      await write(['aborted-1', 'aborted-2'], false);
      await write(['d'], true);
      // The topic ends in a commit marker and the aborted records lie below it: no end offset
      // a reader could wait for is ever reached by a message, so only the markers end the read.
    } finally {
      await producer.disconnect();
    }

    const values = (await readCommitted(testBrokers(), topic)).map((m) => m.value.toString()).sort();

    expect(values).toEqual(['a', 'b', 'c', 'd']);
  });

  it('leaves out the markers of earlier reads too', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'read-committed' });
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'x', value: '1' }] });
    await producer.disconnect();

    await readCommitted(testBrokers(), topic);
    const second = await readCommitted(testBrokers(), topic);

    expect(second.map((m) => [m.key, m.value.toString()])).toEqual([['x', '1']]);
  });
});
