import { randomUUID } from 'node:crypto';
import { consume } from './read-back.ts';
import type { ReadMessage } from './read-back.ts';

/** Keys of the end markers: readCommitted leaves every message keyed so out of what it returns. */
export const END_MARKER_PREFIX = '__end__/';

export interface ReadCommittedOptions {
  /** Bound on the whole read, from joining the reader's group. Default 60 s. */
  timeoutMs?: number;
}

/**
 * Every committed message of a topic (isolation read_committed), found without timing: an end
 * marker is written to each partition first, and the read stops once every marker has arrived,
 * so everything committed before the call has been read. End offsets cannot tell this on a
 * transactional topic: commit markers and aborted records sit below them and are never returned.
 * Call it once the writers have finished: the markers go into the topic itself.
 */
export async function readCommitted(
  brokers: readonly string[],
  topic: string,
  options: ReadCommittedOptions = {},
): Promise<ReadMessage[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const marker = `${END_MARKER_PREFIX}${randomUUID()}`;
  const messages = await consume(brokers, topic, async (kafka) => {
    const admin = kafka.admin();
    await admin.connect();
    let partitions: number[];
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      partitions = (metadata.topics[0]?.partitions ?? []).map((p) => p.partitionId);
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: partitions.map((partition) => ({ key: marker, value: '', partition })) });
    } finally {
      await producer.disconnect();
    }
    const seen = new Set<number>();
    return {
      done: (read: ReadMessage[]) => {
        const last = read[read.length - 1];
        if (last?.key === marker) seen.add(last.partition);
        return seen.size === partitions.length;
      },
      deadlineMs: timeoutMs,
      idle: false,
      timeout: (read: ReadMessage[]) =>
        `${topic}: the end markers of ${seen.size} of ${partitions.length} partitions arrived in ${timeoutMs} ms (${read.length} messages read)`,
    };
  });
  return messages.filter((m) => !m.key?.startsWith(END_MARKER_PREFIX));
}
