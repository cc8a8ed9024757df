import type { KafkaClient } from '../kafka/kafka-client.js';
import { KafkaSink } from './kafka-sink.js';

// prepareTopic on a topic the broker has just created: its metadata can lag for a moment
// ("unknown topic"), which once stopped web-gateway at its first start on a fresh broker.

const unknownTopic = () => Object.assign(new Error('This server does not host this topic-partition'), { type: 'UNKNOWN_TOPIC_OR_PARTITION' });
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as never;

/** A client whose metadata does not know the topic for the first `lagging` lookups. */
function clientWithLag(lagging: number, failure: () => Error = unknownTopic) {
  let lookups = 0;
  const client = {
    description: 'stand-in',
    producer: () => ({}),
    quietly: <T>(work: () => Promise<T>) => work(),
    createMissingTopics: async () => ['fresh'],
    partitionCounts: async (topics: string[]) => {
      lookups += 1;
      if (lookups <= lagging) throw failure();
      return new Map(topics.map((t) => [t, 3]));
    },
  };
  return { client: client as unknown as KafkaClient, lookups: () => lookups };
}

describe('KafkaSink.prepareTopic', () => {
  it('asks again while a topic it just created is not in the metadata yet, then uses its partitions', async () => {
    const { client, lookups } = clientWithLag(2);
    const sink = new KafkaSink(client, { createTopics: true, connectTimeoutMs: 30_000, logger });
    await sink.prepareTopic('fresh');
    expect(lookups()).toBe(3);
    expect(sink.partitionFor('fresh', 'key')).toEqual(expect.any(Number));
  });

  it('gives up with a message that names the topic once the connect deadline has passed', async () => {
    const { client } = clientWithLag(Number.POSITIVE_INFINITY);
    const sink = new KafkaSink(client, { createTopics: true, connectTimeoutMs: 300, logger });
    await expect(sink.prepareTopic('fresh')).rejects.toThrow(/Cannot use topic "fresh"/);
  });

  it('does not retry an error no retry cures', async () => {
    const denied = () => Object.assign(new Error('not authorized'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
    const { client, lookups } = clientWithLag(1, denied);
    const sink = new KafkaSink(client, { createTopics: true, connectTimeoutMs: 30_000, logger });
    await expect(sink.prepareTopic('fresh')).rejects.toThrow(/Cannot use topic "fresh"/);
    expect(lookups()).toBe(1);
  });

  it('without KAFKA_CREATE_TOPIC, a missing topic is said at once', async () => {
    const { client, lookups } = clientWithLag(Number.POSITIVE_INFINITY);
    const sink = new KafkaSink(client, { createTopics: false, connectTimeoutMs: 30_000, logger });
    await expect(sink.prepareTopic('absent')).rejects.toThrow(/Create it, or set KAFKA_CREATE_TOPIC=true/);
    expect(lookups()).toBe(1);
  });
});
