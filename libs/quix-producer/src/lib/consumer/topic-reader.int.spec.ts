import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { KafkaClient } from '../kafka/kafka-client.js';
import { silentLogger } from '../logger.js';
import { QuixProducer } from '../quix-producer.js';
import { KafkaSink } from '../sink/kafka-sink.js';
import { TopicReader, type TopicMessage } from './topic-reader.js';

describe('TopicReader', () => {
  it('relays what is written after subscribing, to every listener of the topic, until each unsubscribes', async () => {
    const client = new KafkaClient({ brokers: testBrokers(), clientId: 'reader-test', logger: silentLogger });
    const topic = await createTestTopic(testBrokers(), { partitions: 2 });
    const producer = new QuixProducer({ sink: new KafkaSink(client, { createTopics: false, connectTimeoutMs: 30_000, logger: silentLogger }), topic, format: 'json', maxMessageBytes: 1e6, maxPendingBytes: 1e6, buffer: { timeSpanMs: 10, maxRows: 100 } });
    await producer.connect();
    const stream = await producer.createStream('s1');
    await stream.publishEvents([{ id: 'before', value: 'x', timestamp: 1n }]);

    const reader = new TopicReader(client, { groupIdPrefix: '', logger: silentLogger });
    const a: TopicMessage[] = [];
    const b: TopicMessage[] = [];
    const first = await reader.subscribe(topic, (m) => a.push(m));
    const second = await reader.subscribe(topic, (m) => b.push(m));
    expect(reader.openTopics).toEqual([topic]);
    await stream.publishEvents([{ id: 'after', value: 'y', timestamp: 2n }]);
    for (let i = 0; i < 200 && (a.length === 0 || b.length === 0); i++) await new Promise((r) => setTimeout(r, 50));
    expect(a.map((m) => [m.key, JSON.parse(String(m.value)).Id])).toEqual([['s1', 'after']]);
    expect(b).toHaveLength(1);
    await first.unsubscribe();
    expect(reader.openTopics).toEqual([topic]);
    await second.unsubscribe();
    expect(reader.openTopics).toEqual([]);
    await producer.close();
    await reader.close();
  });
});
