import type { Admin, ITopicConfig } from 'kafkajs';

/** A compacted one-partition topic: where state records are kept, the newest per key. */
export const compactedTopic = (topic: string): ITopicConfig => ({ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] });

/**
 * Creates topics and returns once each one's leader serves it; false when none was created.
 * `waitForLeaders` alone is not enough: a first publish right after creation was once refused
 * with "does not host this topic-partition" (CI). Listing offsets goes to the leader, and kafkajs
 * retries that until the leader answers.
 */
export async function createServedTopics(admin: Admin, topics: ITopicConfig[]): Promise<boolean> {
  if (topics.length === 0 || !(await admin.createTopics({ topics, waitForLeaders: true }))) return false;
  for (const { topic } of topics) await admin.fetchTopicOffsets(topic);
  return true;
}
