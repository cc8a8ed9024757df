import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Every committed message of a topic, read with isolation read_committed. The end is found
 * without any timing: an end marker is written after the importer has exited, and reading stops
 * at it, so everything committed before it has been read.
 */
export async function readCommitted(brokers: string[], topic: string, timeoutMs = 60_000): Promise<{ key: string | null; value: Buffer }[]> {
  const kafka = new Kafka({ clientId: 'csv-importer-test-reader', brokers, logLevel: logLevel.NOTHING });
  const marker = `__end__/${randomUUID()}`;
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: marker, value: '' }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `committed-reader-${randomUUID()}`, readUncommitted: false });
  const messages: { key: string | null; value: Buffer }[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`${topic}: the end marker did not arrive in ${timeoutMs} ms (${messages.length} messages read)`)), timeoutMs);
      consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          const key = message.key?.toString() ?? null;
          if (key === marker) resolve();
          else if (!key?.startsWith('__end__/')) messages.push({ key, value: message.value ?? Buffer.alloc(0) });
        },
      }).catch(reject);
    });
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
