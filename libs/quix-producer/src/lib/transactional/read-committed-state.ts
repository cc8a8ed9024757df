import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/**
 * Reads a state topic from the beginning with isolation read_committed (records of open or
 * aborted transactions are never seen) until the record keyed `untilKey`, and returns the last
 * value of each key; a null value (tombstone) deletes the key.
 */
export async function readCommittedState(kafka: Kafka, topic: string, untilKey: string, timeoutMs: number, groupIdPrefix = ''): Promise<Map<string, Buffer>> {
  const state = new Map<string, Buffer>();
  // A throwaway group that never commits offsets: the whole topic is read on every start.
  const consumer = kafka.consumer({ groupId: `${groupIdPrefix}state-reader-${randomUUID()}`, readUncommitted: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the state topic ${topic} was not read to its end within ${timeoutMs} ms`)), timeoutMs);
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
            if (key === untilKey) resolve();
          },
        })
        .catch(reject);
    });
    return state;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
