import { Kafka, logLevel, type KafkaConfig, type Producer } from 'kafkajs';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { kafkajsLogCreator } from './kafka-logging.js';
import type { OutgoingMessage, Sink } from './sink.js';
import { createServedTopics } from './create-topics.js';
import { KeyedPartitioner } from './keyed-partitioner.js';

export interface KafkaSinkOptions {
  brokers: string[];
  clientId: string;
  /** TLS and SASL settings; the Quix Cloud and secure-Kafka issue fills these in. */
  ssl?: KafkaConfig['ssl'];
  sasl?: KafkaConfig['sasl'];
  /** Create the topic (broker defaults for partitions and replication) when it is missing. */
  createTopic: boolean;
  /** How long to keep trying to reach the cluster at start before giving up. */
  connectTimeoutMs: number;
  /** Refresh metadata at least this often (Quix Cloud: under its load balancer's idle cut-off). */
  metadataMaxAgeMs?: number;
  logger: Logger;
}

/**
 * Plain Kafka through kafkajs: an idempotent producer with acks=all, so a send resolves only when
 * every in-sync replica has the messages, and retries never duplicate or reorder them.
 */
export class KafkaSink implements Sink {
  readonly description: string;
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private connected = false;

  constructor(private readonly options: KafkaSinkOptions) {
    this.description = `Kafka at ${options.brokers.join(',')}`;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      ssl: options.ssl,
      sasl: options.sasl,
      connectionTimeout: 5000,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(options.logger),
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: retriesWithin(options.connectTimeoutMs) },
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      metadataMaxAge: options.metadataMaxAgeMs,
      createPartitioner: KeyedPartitioner,
    });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  async connect(topic: string): Promise<void> {
    try {
      if (this.options.createTopic) await this.ensureTopic(topic);
      await this.producer.connect();
    } catch (cause) {
      throw new ProducerError(
        'CONNECT_FAILED',
        `Cannot publish to topic "${topic}" on ${this.description}: ${(cause as Error).message}. ` +
          'Check the broker address, the SASL credentials and TLS settings, and that the broker is reachable from here.',
        true,
        { cause },
      );
    }
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    await this.producer.send({ topic, acks: -1, messages });
  }

  isReady(): boolean {
    return this.connected;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  private async ensureTopic(topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = await admin.listTopics();
      if (existing.includes(topic)) return;
      if (await createServedTopics(admin, [{ topic }])) {
        this.options.logger.info({ topic }, 'created the output topic with the broker defaults');
      }
    } finally {
      await admin.disconnect();
    }
  }
}

/** kafkajs counts retries, not time: the number of exponential retries that fit in the timeout. */
function retriesWithin(timeoutMs: number): number {
  let elapsed = 0;
  let delay = 300;
  let retries = 0;
  while (elapsed + delay <= timeoutMs && retries < 30) {
    elapsed += delay;
    delay = Math.min(delay * 2, 10_000);
    retries += 1;
  }
  return Math.max(retries, 1);
}
