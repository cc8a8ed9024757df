import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer, type TopicMessages } from 'kafkajs';
import { KeyedPartitioner } from '../sink/keyed-partitioner.js';
import type { KafkaSecurity } from '../connection/kafka-security.js';
import { ProducerError } from '../errors.js';
import { childLogger, silentLogger, type Logger } from '../logger.js';
import { kafkajsLogCreator } from '../sink/kafka-logging.js';
import type { OutgoingMessage } from '../sink/sink.js';
import { readCommittedState } from './read-committed-state.js';
import { createServedTopics } from '../sink/create-topics.js';

export interface TransactionalPublisherOptions extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  /** Stable per logical publisher: a restarted one fences its zombie (the old epoch can no longer commit). */
  transactionalId: string;
  /** Compacted, one-partition topic holding the committed position records, keyed. */
  stateTopic: string;
  /** Topics the data goes to; created with the broker defaults when missing and `createTopics`. */
  dataTopics: string[];
  createTopics: boolean;
  connectTimeoutMs: number;
  /** The broker aborts a transaction left open this long (a crashed publisher's). */
  transactionTimeoutMs?: number;
  /** Bytes of messages per produce request inside a transaction (under the broker's max.message.bytes). */
  maxRequestBytes?: number;
  /** Before the state reader's consumer group id (Quix Cloud: the workspace id and a dash). */
  groupIdPrefix?: string;
  metadataMaxAgeMs?: number;
  logger?: Logger;
}

/** One transaction: data messages for any topics, and the state records that describe them. */
export interface TransactionContent {
  data: { topic: string; messages: OutgoingMessage[] }[];
  /** A null value is a tombstone: compaction removes the key. */
  state: { key: string; value: Buffer | null }[];
}

/**
 * Exactly-once publishing with kafkajs transactions: each `commit` writes data messages and state
 * records (e.g. an import position) atomically; `readState` returns the last committed state
 * records, read with isolation read_committed. The first transaction fences any earlier producer
 * with the same transactional id and waits for the broker to abort what that one left open.
 */
export class TransactionalPublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly logger: Logger;
  private connected = false;

  constructor(private readonly options: TransactionalPublisherOptions) {
    this.logger = childLogger(options.logger ?? silentLogger, 'transactional-publisher');
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 5000,
      ...(options.ssl === undefined ? {} : { ssl: options.ssl }),
      ...(options.sasl === undefined ? {} : { sasl: options.sasl }),
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(this.logger),
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 },
    });
    this.producer = this.kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 60_000,
      allowAutoTopicCreation: false,
      ...(options.metadataMaxAgeMs === undefined ? {} : { metadataMaxAge: options.metadataMaxAgeMs }),
      createPartitioner: KeyedPartitioner,
    });
  }

  get description(): string {
    return `Kafka at ${this.options.brokers.join(',')} (transactional id ${this.options.transactionalId})`;
  }

  /**
   * Connects, creates missing topics (the state topic compacted), fences earlier producers of the
   * same transactional id, and returns the committed state records by key (last value wins).
   */
  async connect(): Promise<Map<string, Buffer>> {
    try {
      await this.ensureTopics();
      await this.producer.connect();
      this.connected = true;
      // A committed marker of our own: when the read_committed reader reaches it, it has read
      // everything committed before us, and the zombie's open transaction is already aborted.
      const marker = `__start__/${randomUUID()}`;
      await this.commit({ data: [], state: [{ key: marker, value: Buffer.from('{}') }] });
      const state = await readCommittedState(this.kafka, this.options.stateTopic, marker, this.options.connectTimeoutMs, this.options.groupIdPrefix ?? '');
      state.delete(marker);
      await this.commit({ data: [], state: [{ key: marker, value: null }] }); // tombstone
      return state;
    } catch (cause) {
      if (cause instanceof ProducerError) throw cause;
      throw new ProducerError(
        'CONNECT_FAILED',
        `Cannot start transactional publishing on ${this.description}: ${(cause as Error).message}. ` +
          'Check Quix__Broker__Address (KAFKA_BROKERS), that the broker is reachable and that it allows transactions.',
        true,
        { cause },
      );
    }
  }

  /** Writes everything in one transaction; resolves when it is committed, rejects after an abort. */
  async commit(content: TransactionContent): Promise<void> {
    const topicMessages: TopicMessages[] = content.data
      .filter((d) => d.messages.length > 0)
      .map((d) => ({ topic: d.topic, messages: d.messages }));
    if (content.state.length > 0) {
      topicMessages.push({ topic: this.options.stateTopic, messages: content.state.map((s) => ({ key: s.key, value: s.value })) });
    }
    if (topicMessages.length === 0) return;
    const transaction = await this.producer.transaction();
    try {
      // kafkajs sends a partition's messages as one record batch, which the broker caps at the
      // topic's max.message.bytes: so a transaction goes out in requests of bounded size.
      for (const chunk of chunks(topicMessages, this.options.maxRequestBytes ?? 900_000)) {
        await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
      }
      await transaction.commit();
    } catch (cause) {
      await transaction.abort().catch((err: unknown) => this.logger.warn({ err }, 'could not abort the transaction'));
      throw new ProducerError('DELIVERY_FAILED', `A transaction could not be committed: ${(cause as Error).message}`, false, { cause });
    }
  }

  isReady(): boolean {
    return this.connected;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.producer.disconnect();
  }

  private async ensureTopics(): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const topics = [];
      if (!existing.has(this.options.stateTopic)) {
        topics.push({ topic: this.options.stateTopic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] });
      }
      if (this.options.createTopics) {
        for (const topic of new Set(this.options.dataTopics)) if (!existing.has(topic)) topics.push({ topic });
      }
      if (await createServedTopics(admin, topics)) {
        this.logger.info({ topics: topics.map((t) => t.topic) }, 'created topics');
      }
    } finally {
      await admin.disconnect();
    }
  }
}

/** Splits messages into groups of at most `maxBytes` (a larger single message goes alone), in order. */
function chunks(topicMessages: TopicMessages[], maxBytes: number): TopicMessages[][] {
  const out: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, messages } of topicMessages) {
    let open: TopicMessages | undefined;
    for (const message of messages) {
      const size = 70 + byteLength(message.key) + byteLength(message.value);
      if (bytes > 0 && bytes + size > maxBytes) {
        out.push(current);
        current = [];
        bytes = 0;
        open = undefined;
      }
      if (!open) {
        open = { topic, messages: [] };
        current.push(open);
      }
      open.messages.push(message);
      bytes += size;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function byteLength(value: Buffer | string | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}
