import { randomUUID } from 'node:crypto';
import type { ITopicConfig, Producer, TopicMessages } from 'kafkajs';
import { retry, systemClock, type Clock } from '@quix-connectors/timing';
import { ProducerError } from '../errors.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import { compactedTopic } from '../kafka/create-topics.js';
import { classifyKafkaFailure, type FailureKind } from '../kafka/kafka-errors.js';
import type { Logger } from '../logger.js';
import { readStateTopic } from './read-state-topic.js';
import type { TransactionContent } from './transaction-content.js';
import { TransactionFailure, type TransactionalSink } from './transactional-sink.js';

export interface KafkaTransactionalSinkOptions {
  /** Stable per logical publisher: a restarted one fences its zombie (the old epoch can no longer commit). */
  transactionalId: string;
  /** Compacted, one-partition topic holding the committed state records, keyed. */
  stateTopic: string;
  /** Topics the data goes to; created with the broker defaults when missing and `createTopics`. */
  dataTopics: string[];
  createTopics: boolean;
  connectTimeoutMs: number;
  /** The broker aborts a transaction left open this long (a crashed publisher's). */
  transactionTimeoutMs?: number;
  /** Bytes of messages per produce request inside a transaction (under the broker's max.message.bytes). */
  maxRequestBytes: number;
  /** Before the state reader's consumer group id (Quix Cloud: the workspace id and a dash). */
  groupIdPrefix: string;
  logger: Logger;
  clock?: Clock;
}

/** The state keys this sink writes for itself; never handed to the app. */
const commitKey = (id: string) => `__quix_connectors_commit__/${id}`;
export const fenceKey = (id: string) => `__quix_connectors_fence__/${id}`;
const LEGACY_START_MARKER = '__start__/';
/** Whether a state topic key is the runtime's own (commit marker, fence), not one of the app's. */
export const isRuntimeStateKey = (key: string) => key.startsWith('__quix_connectors_') || key.startsWith(LEGACY_START_MARKER);

/**
 * Kafka transactions through the one client: each commit writes data messages, state records
 * and a commit marker atomically. After any failure the producer is replaced (which fences the
 * old one and makes the coordinator finish or abort its open transaction), and the state topic
 * is read to a fresh fence to learn whether the failed transaction committed.
 */
export class KafkaTransactionalSink implements TransactionalSink {
  readonly description: string;
  private producer: Producer;
  private readonly clock: Clock;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: KafkaTransactionalSinkOptions,
  ) {
    this.description = `${client.description} (transactional id ${options.transactionalId})`;
    this.clock = options.clock ?? systemClock;
    this.producer = this.newProducer();
  }

  async connect(): Promise<Map<string, Buffer>> {
    const deadline = this.clock.now() + this.options.connectTimeoutMs;
    try {
      return await this.client.quietly(() =>
        retry(
          async () => {
            await this.ensureTopics();
            await this.producer.connect();
            return appState(await this.readState());
          },
          {
            policy: { initialMs: 300, maxMs: 5000 },
            clock: this.clock,
            isRetriable: (error) => classifyKafkaFailure(error) === 'transient' && this.clock.now() < deadline,
          },
        ),
      );
    } catch (cause) {
      throw new ProducerError(
        'CONNECT_FAILED',
        `Cannot start transactional publishing on ${this.description}: ${(cause as Error).message}. ` +
          'Check Quix__Broker__Address (KAFKA_BROKERS), that the broker is reachable and that it allows transactions.',
        false,
        { cause },
      );
    }
  }

  async commit(content: TransactionContent, marker: string): Promise<void> {
    const topicMessages: TopicMessages[] = content.data.filter((d) => d.messages.length > 0).map((d) => ({ topic: d.topic, messages: d.messages }));
    const state = [...content.state.map((s) => ({ key: s.key, value: s.value })), { key: commitKey(this.options.transactionalId), value: Buffer.from(marker) }];
    topicMessages.push({ topic: this.options.stateTopic, messages: state });
    let phase: 'sending' | 'committing' = 'sending';
    try {
      const transaction = await this.producer.transaction();
      try {
        // kafkajs sends a partition's messages as one record batch, which the broker caps at the
        // topic's max.message.bytes: so a transaction goes out in requests of bounded size.
        for (const chunk of chunks(topicMessages, this.options.maxRequestBytes)) await transaction.sendBatch({ topicMessages: chunk, acks: -1 });
      } catch (error) {
        await transaction.abort().catch(() => undefined); // recover() fences it anyway
        throw error;
      }
      phase = 'committing';
      await transaction.commit();
    } catch (cause) {
      throw new TransactionFailure(phase, { cause });
    }
  }

  async recover(marker: string): Promise<boolean> {
    const old = this.producer;
    this.producer = this.newProducer();
    await old.disconnect().catch(() => undefined);
    await this.producer.connect();
    const state = await this.readState();
    return state.get(commitKey(this.options.transactionalId))?.toString('utf8') === marker;
  }

  classify(error: unknown): FailureKind {
    const kind = classifyKafkaFailure(error);
    return kind === 'reset' ? 'transient' : kind;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  private newProducer(): Producer {
    return this.client.producer({ transactionalId: this.options.transactionalId, transactionTimeoutMs: this.options.transactionTimeoutMs });
  }

  /** Commits a fresh fence, reads the state topic up to it, and returns the app's records. */
  private async readState(): Promise<Map<string, Buffer>> {
    const fence = { key: fenceKey(this.options.transactionalId), value: randomUUID() };
    const transaction = await this.producer.transaction();
    try {
      await transaction.send({ topic: this.options.stateTopic, acks: -1, messages: [{ key: fence.key, value: fence.value }] });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw error;
    }
    return readStateTopic(this.client, this.options.stateTopic, fence, {
      timeoutMs: this.options.connectTimeoutMs,
      groupIdPrefix: this.options.groupIdPrefix,
    });
  }

  private async ensureTopics(): Promise<void> {
    const topics: ITopicConfig[] = [compactedTopic(this.options.stateTopic)];
    if (this.options.createTopics) for (const topic of new Set(this.options.dataTopics)) topics.push({ topic });
    const created = await this.client.createMissingTopics(topics);
    if (created.length > 0) this.options.logger.info({ topics: created }, 'created topics');
  }
}

/** The app's own state records, without the sink's markers. */
export function appState(state: Map<string, Buffer>): Map<string, Buffer> {
  const own = new Map<string, Buffer>();
  for (const [key, value] of state) {
    if (isRuntimeStateKey(key)) continue;
    own.set(key, value);
  }
  return own;
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
