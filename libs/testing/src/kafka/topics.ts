import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { TestingError } from './errors.ts';

export interface CreateTestTopicOptions {
  partitions?: number;
  /** Start of the topic name; a unique suffix is added. Default `test`. */
  prefix?: string;
}

/**
 * Creates a topic with a unique name and no time retention, waits until its leaders are known,
 * returns its name.
 */
export async function createTestTopic(
  brokers: readonly string[],
  options: CreateTestTopicOptions = {},
): Promise<string> {
  const topic = `${options.prefix ?? 'test'}-${randomUUID()}`;
  const admin = new Kafka({
    clientId: 'quix-connectors-testing-admin',
    brokers: [...brokers],
    logLevel: logLevel.ERROR,
  }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [
        {
          topic,
          numPartitions: options.partitions ?? 1,
          replicationFactor: 1,
          // Tests write records stamped years ago; with the default 7-day time retention the
          // broker's retention check (30 s after it starts, then every 5 min) deletes them
          // between the write and the read-back, whichever broker the tests run on.
          configEntries: [{ name: 'retention.ms', value: '-1' }],
        },
      ],
      waitForLeaders: true,
    });
    await admin.fetchTopicMetadata({ topics: [topic] });
  } catch (cause) {
    throw new TestingError(
      'TOPIC_CREATE_FAILED',
      `could not create topic ${topic}: ${String(cause)}`,
      { cause },
    );
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** One configuration value of a topic as the broker reports it (e.g. `cleanup.policy`). */
export async function topicConfigValue(brokers: string[], topic: string, name: string): Promise<string | undefined> {
  const admin = new Kafka({ clientId: 'test-topic-config', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }] });
    return resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
  } finally {
    await admin.disconnect();
  }
}
