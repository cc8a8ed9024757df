import { randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { Logger } from '../logger.js';

/** One message read from a topic, as it is on Kafka. */
export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** Kafka's timestamp, ms since the epoch, as a decimal string. */
  timestampMs: string;
}

export type MessageListener = (message: TopicMessage) => void;

export interface Subscription {
  unsubscribe(): Promise<void>;
}

interface TopicConsumer {
  consumer: Consumer;
  listeners: Set<MessageListener>;
  ready: Promise<void>;
}

/**
 * Live reading of topics through the one Kafka client, for sources that relay what others wrote
 * (the web gateway's reader hub). Each topic read has one consumer, shared by every listener of
 * that topic, in a throwaway group that starts at the end and commits nothing: listeners see
 * what is written from the moment they subscribe. The consumer goes once the last listener does.
 */
export class TopicReader {
  private readonly topics = new Map<string, TopicConsumer>();

  constructor(
    private readonly client: KafkaClient,
    private readonly options: { groupIdPrefix: string; logger: Logger },
  ) {}

  async subscribe(topic: string, listener: MessageListener): Promise<Subscription> {
    let reading = this.topics.get(topic);
    if (!reading) {
      reading = this.open(topic);
      this.topics.set(topic, reading);
    }
    reading.listeners.add(listener);
    try {
      await reading.ready;
    } catch (error) {
      reading.listeners.delete(listener);
      if (this.topics.get(topic) === reading) this.topics.delete(topic);
      throw error;
    }
    const owner = reading;
    return {
      unsubscribe: async () => {
        owner.listeners.delete(listener);
        if (owner.listeners.size > 0 || this.topics.get(topic) !== owner) return;
        this.topics.delete(topic);
        await owner.consumer.disconnect().catch((err: unknown) => this.options.logger.warn({ err, topic }, 'a topic reader did not disconnect cleanly'));
      },
    };
  }

  /** Topics read now. */
  get openTopics(): string[] {
    return [...this.topics.keys()];
  }

  async close(): Promise<void> {
    const all = [...this.topics.values()];
    this.topics.clear();
    await Promise.allSettled(all.map((t) => t.consumer.disconnect()));
  }

  private open(topic: string): TopicConsumer {
    const consumer = this.client.consumer({ groupId: `${this.options.groupIdPrefix}reader-${randomUUID()}`, readUncommitted: false });
    const listeners = new Set<MessageListener>();
    const ready = (async () => {
      // The end of each partition now: reading starts there, whenever the group join completes.
      const ends = await this.client.endOffsets(topic);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: false });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const read: TopicMessage = {
            topic,
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value,
            timestampMs: message.timestamp,
          };
          for (const notify of listeners) {
            try {
              notify(read);
            } catch (err) {
              this.options.logger.warn({ err, topic }, 'a topic listener failed');
            }
          }
        },
      });
      for (const [partition, offset] of ends) consumer.seek({ topic, partition, offset });
      await joined;
    })();
    ready.catch(() => consumer.disconnect().catch(() => undefined));
    return { consumer, listeners, ready };
  }
}
