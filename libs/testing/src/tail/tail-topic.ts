import { randomUUID } from 'node:crypto';
import { decodeMessage } from '@quix-connectors/message-schema';
import { Kafka, logLevel } from 'kafkajs';
import { jsonLine, prettyLine, tailItems } from './package-lines.ts';

export interface TailOptions {
  brokers: readonly string[];
  topic: string;
  /** Start at the topic's first message instead of what is written from now on. */
  fromBeginning: boolean;
  pretty: boolean;
  /** Where each item's line goes. */
  write(line: string): void;
  /** Where messages that are not Quix data are reported (definitions, foreign JSON, text). */
  warn(line: string): void;
}

export interface Tail {
  /** Resolves once the reader has joined its group and reads. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Prints a topic's rows and events live, as a Quix reader sees them, whichever format (json or
 * quix) they were written in. A throwaway group reading committed data only, so rows of aborted
 * transactions (csv-importer's redone ones) never show; the stream id is the message key.
 */
export function tailTopic(options: TailOptions): Tail {
  const kafka = new Kafka({ clientId: 'quix-connectors-tail', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `tail-${randomUUID()}`, readUncommitted: false });
  const line = options.pretty ? prettyLine : jsonLine;
  let joined: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  const running = (async () => {
    // "From now on" is the end offsets read here, not the group's reset to latest: that reset
    // happens at the first fetch, and what is written between start and then would be missed.
    const ends = options.fromBeginning ? [] : await endOffsets(kafka, options.topic);
    await consumer.connect();
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const stream = message.key === null ? null : message.key.toString('utf8');
        const decoded = message.value === null ? undefined : decodeMessage(message.value);
        if (!decoded) {
          options.warn(`partition ${partition} offset ${message.offset}: not a Quix row, event, properties or end (${message.value?.length ?? 0} bytes), skipped`);
          return;
        }
        for (const item of tailItems(stream, decoded)) options.write(line(item));
      },
    });
    for (const { partition, offset } of ends) consumer.seek({ topic: options.topic, partition, offset });
  })();
  return {
    ready: Promise.all([ready, running]).then(() => undefined),
    stop: async () => {
      await running.catch(() => undefined);
      await consumer.disconnect();
    },
  };
}

async function endOffsets(kafka: Kafka, topic: string): Promise<{ partition: number; offset: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({ partition, offset: high }));
  } finally {
    await admin.disconnect();
  }
}
