import { Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type ITopicConfig, type Producer } from 'kafkajs';
import type { KafkaClientOptions } from '../connection/kafka-endpoint.js';
import type { Logger } from '../logger.js';
import { createServedTopics } from './create-topics.js';
import { kafkajsLogCreator, type KafkajsLogState } from './kafka-logging.js';
import { KeyedPartitioner } from './keyed-partitioner.js';

export interface KafkaClientSettings extends KafkaClientOptions {
  clientId: string;
  logger: Logger;
}

/**
 * Retries inside one kafkajs call stay short: a call that cannot get through fails within about a
 * second, and the delivery queue or transaction queue above retries it, with its own backoff, for
 * as long as the outage lasts. That keeps readiness and logs honest, and resending whole calls
 * safe (each send goes to one partition).
 */
const CALL_RETRY = { initialRetryTime: 100, maxRetryTime: 1000, retries: 3 };

/**
 * The one kafkajs client of the process: the producers, admin and consumers of the connector
 * all come from here, share its connection settings (TLS, SASL, Quix Cloud's metadata refresh)
 * and its logging. No other module imports kafkajs.
 */
export class KafkaClient {
  readonly description: string;
  private readonly kafka: Kafka;
  private readonly logState: KafkajsLogState = { quiet: false };

  constructor(private readonly settings: KafkaClientSettings) {
    this.description = `Kafka at ${settings.brokers.join(',')}`;
    this.kafka = new Kafka({
      clientId: settings.clientId,
      brokers: settings.brokers,
      ...(settings.ssl === undefined ? {} : { ssl: settings.ssl }),
      ...(settings.sasl === undefined ? {} : { sasl: settings.sasl }),
      connectionTimeout: 5000,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(settings.logger, this.logState),
      retry: CALL_RETRY,
    });
  }

  /**
   * While connecting at start, kafkajs's own error lines go to debug: a connect that fails ends
   * in one message of ours that says what to check, and a healthy start logs nothing alarming.
   */
  async quietly<T>(work: () => Promise<T>): Promise<T> {
    this.logState.quiet = true;
    try {
      return await work();
    } finally {
      this.logState.quiet = false;
    }
  }

  /** An idempotent producer (acks=all, one request in flight), or a transactional one. */
  producer(options: { transactionalId?: string; transactionTimeoutMs?: number } = {}): Producer {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: CALL_RETRY,
      createPartitioner: KeyedPartitioner,
      ...(this.settings.metadataMaxAgeMs === undefined ? {} : { metadataMaxAge: this.settings.metadataMaxAgeMs }),
      ...(options.transactionalId === undefined ? {} : { transactionalId: options.transactionalId, transactionTimeout: options.transactionTimeoutMs ?? 60_000 }),
    });
  }

  /**
   * Swaps in a fresh idempotent producer for one the broker no longer knows (its producer state
   * was lost): `install` puts it in place at once, so sends from then on use it; then the old one
   * is disconnected and the fresh one connected (a failed connect is retried by the next send).
   */
  async replaceProducer(old: Producer, install: (fresh: Producer) => void): Promise<void> {
    const fresh = this.producer();
    install(fresh);
    await old.disconnect().catch(() => undefined);
    await fresh.connect().catch(() => undefined);
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer({
      ...(this.settings.metadataMaxAgeMs === undefined ? {} : { metadataMaxAge: this.settings.metadataMaxAgeMs }),
      ...config,
    });
  }

  /** Runs `work` with a connected admin client, disconnected afterwards. */
  async withAdmin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Creates the topics that are missing (`topics` with their settings); returns those created. */
  async createMissingTopics(topics: ITopicConfig[]): Promise<string[]> {
    if (topics.length === 0) return [];
    return this.withAdmin(async (admin) => {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      return (await createServedTopics(admin, missing)) ? missing.map((t) => t.topic) : [];
    });
  }

  /** Each partition's end (the offset the next message gets). */
  async endOffsets(topic: string): Promise<Map<number, string>> {
    return this.withAdmin(async (admin) => new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high])));
  }

  /** Partitions of each topic, from the cluster's metadata. */
  async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    return this.withAdmin(async (admin) => {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      return new Map(found.map((t) => [t.name, t.partitions.length]));
    });
  }
}
