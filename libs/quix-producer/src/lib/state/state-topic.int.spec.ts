import { randomUUID } from 'node:crypto';
import { readAll, testBrokers, topicConfigValue } from '@quix-connectors/testing';
import { KafkaClient } from '../kafka/kafka-client.js';
import { silentLogger } from '../logger.js';
import { StateTopic } from './state-topic.js';

const client = () => new KafkaClient({ brokers: testBrokers(), clientId: 'state-topic-test', logger: silentLogger });
const open = (topic: string, createTopic = true) =>
  new StateTopic(client(), { topic, createTopic, groupIdPrefix: '', writerId: 'state-topic-test', readTimeoutMs: 30_000, logger: silentLogger });

describe('StateTopic', () => {
  it('creates the topic compacted, and a later load reads the newest value of each key (tombstones delete, no fence records)', async () => {
    const topic = `state-topic-${randomUUID()}`;
    const writer = open(topic);
    try {
      expect((await writer.load()).size).toBe(0);
      await writer.write([{ key: 'a', value: '1' }, { key: 'b', value: '1' }]);
      await writer.write([{ key: 'a', value: '2' }, { key: 'b', value: null }, { key: 'c', value: Buffer.from([0xff, 0x00]) }]);
    } finally {
      await writer.close();
    }
    expect(await topicConfigValue(testBrokers(), topic, 'cleanup.policy')).toBe('compact');

    const reader = open(topic);
    try {
      const state = await reader.load();
      expect(Object.fromEntries([...state].map(([k, v]) => [k, v.toString('hex')]))).toEqual({ a: Buffer.from('2').toString('hex'), c: 'ff00' });
    } finally {
      await reader.close();
    }
    // Each load wrote its fence: the topic holds them, the state handed over does not.
    const keys = (await readAll(testBrokers(), topic, { idleMs: 3000 })).map((m) => m.key?.toString());
    expect(keys.filter((k) => k?.startsWith('__quix_connectors_fence__/'))).toHaveLength(2);
  });

  it('a missing topic without KAFKA_CREATE_TOPIC stops the start, saying how to create it', async () => {
    const topic = open(`state-topic-missing-${randomUUID()}`, false);
    try {
      await expect(topic.load()).rejects.toThrow(/does not exist; create it with cleanup.policy=compact, or set KAFKA_CREATE_TOPIC=true/);
    } finally {
      await topic.close();
    }
  });
});
