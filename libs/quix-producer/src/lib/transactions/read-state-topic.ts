import { randomUUID } from 'node:crypto';
import type { KafkaClient } from '../kafka/kafka-client.js';

/**
 * Reads a compacted state topic from the beginning with isolation read_committed (records of
 * open or aborted transactions are never seen) until the record `until` (a fence the caller has
 * just committed, so everything committed before it has been read), and returns the last value
 * of each key; a null value (tombstone) deletes the key.
 */
export async function readStateTopic(
  client: KafkaClient,
  topic: string,
  until: { key: string; value: string },
  options: { timeoutMs: number; groupIdPrefix: string },
): Promise<Map<string, Buffer>> {
  const state = new Map<string, Buffer>();
  // A throwaway group that never commits offsets: the whole topic is read every time.
  const consumer = client.consumer({ groupId: `${options.groupIdPrefix}state-reader-${randomUUID()}`, readUncommitted: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the state topic ${topic} was not read to its end within ${options.timeoutMs} ms`)), options.timeoutMs);
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            const key = message.key?.toString('utf8');
            if (key === undefined) return;
            if (message.value === null) state.delete(key);
            else state.set(key, message.value);
            if (key === until.key && message.value?.toString('utf8') === until.value) resolve();
          },
        })
        .catch(reject);
    });
    return state;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}
