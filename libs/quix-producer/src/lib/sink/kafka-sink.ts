import type { Producer } from 'kafkajs';
import { retry, systemClock, type Clock } from '@quix-connectors/timing';
import { ProducerError } from '../errors.js';
import { classifyKafkaFailure, type FailureKind } from '../kafka/kafka-errors.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import { KeyedPartitioner, partitionOfKey } from '../kafka/keyed-partitioner.js';
import type { Logger } from '../logger.js';
import { recordTimes } from './record-time.js';
import { ResendCheck } from './resend-check.js';
import type { OutgoingMessage, Sink } from './sink.js';

export interface KafkaSinkOptions {
  /** Create topics (broker defaults for partitions and replication) when they are missing. */
  createTopics: boolean;
  /** How long to keep trying to reach the cluster at start before giving up. */
  connectTimeoutMs: number;
  logger: Logger;
  clock?: Clock;
}

/** How often a topic's partition count is looked up again (topics can gain partitions). */
const PARTITIONS_MAX_AGE_MS = 300_000;

/**
 * Plain Kafka or Quix Cloud through the one kafkajs client: an idempotent producer with acks=all,
 * so a send resolves only when every in-sync replica has the messages, and a resent send is
 * dropped by the broker as a duplicate. If the broker says it forgot our producer id (its
 * sequence state is gone), a fresh producer takes over and the send is retried. A broker that
 * forgot without saying so writes a resend twice: recordTimes keeps old data from making it
 * forget (an expired producer), ResendCheck reports what is left.
 */
export class KafkaSink implements Sink {
  readonly description: string;
  private producer: Producer;
  private readonly partitions = new Map<string, { count: number; at: number }>();
  private readonly partitioner = KeyedPartitioner();
  private readonly clock: Clock;
  private readonly resends: ResendCheck;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: KafkaSinkOptions,
  ) {
    this.description = client.description;
    this.clock = options.clock ?? systemClock;
    this.producer = client.producer();
    this.resends = new ResendCheck(options.logger);
  }

  async connect(): Promise<void> {
    const deadline = this.clock.now() + this.options.connectTimeoutMs;
    try {
      await this.client.quietly(() =>
        retry(() => this.producer.connect(), {
          policy: { initialMs: 300, maxMs: 5000 },
          clock: this.clock,
          isRetriable: (error) => classifyKafkaFailure(error) === 'transient' && this.clock.now() < deadline,
        }),
      );
    } catch (cause) {
      throw connectFailed(this.description, cause);
    }
  }

  async prepareTopic(topic: string): Promise<void> {
    const deadline = this.clock.now() + this.options.connectTimeoutMs;
    try {
      await this.client.quietly(async () => {
        if (!this.options.createTopics) return this.requirePartitions(topic);
        const created = await this.client.createMissingTopics([{ topic }]);
        if (created.length > 0) this.options.logger.info({ topic }, 'created the topic with the broker defaults');
        // A topic just created (here or by another replica) can be unknown to the broker's metadata
        // for a moment: asked again until it is known, within the connect deadline.
        await retry(() => this.requirePartitions(topic), {
          policy: { initialMs: 200, maxMs: 2000 },
          clock: this.clock,
          isRetriable: (error) => classifyKafkaFailure(error) === 'transient' && this.clock.now() < deadline,
        });
      });
    } catch (cause) {
      throw new ProducerError(
        'CONNECT_FAILED',
        `Cannot use topic "${topic}" on ${this.description}: ${(cause as Error).message}. ` +
          (this.options.createTopics ? 'Check that the broker allows creating it.' : 'Create it, or set KAFKA_CREATE_TOPIC=true.'),
        false,
        { cause },
      );
    }
  }

  partitionFor(topic: string, key: string): number | undefined {
    const known = this.partitions.get(topic);
    if (known === undefined) return undefined;
    if (this.clock.now() - known.at > PARTITIONS_MAX_AGE_MS) {
      known.at = this.clock.now(); // one lookup at a time
      this.refreshPartitions(topic).catch(() => undefined); // the old count serves until then
    }
    return partitionOfKey(this.partitioner, topic, key, known.count);
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    let results;
    try {
      results = await this.producer.send({ topic, acks: -1, messages: recordTimes(messages, this.clock.now()) });
    } catch (error) {
      this.resends.failed(topic, new Set(messages.flatMap((m) => (m.partition === undefined ? [] : [m.partition]))));
      if (classifyKafkaFailure(error) === 'reset') await this.replaceProducer(error);
      throw error;
    }
    this.resends.acknowledged(topic, results, countsPerPartition(messages, results));
  }

  classify(error: unknown): FailureKind {
    const kind = classifyKafkaFailure(error);
    return kind === 'reset' ? 'transient' : kind;
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }

  private async requirePartitions(topic: string): Promise<void> {
    await this.refreshPartitions(topic);
    if (!this.partitions.has(topic)) throw new Error(`the broker does not list partitions of "${topic}" yet`);
  }

  private async refreshPartitions(topic: string): Promise<void> {
    const counts = await this.client.partitionCounts([topic]);
    const count = counts.get(topic);
    if (count !== undefined && count > 0) this.partitions.set(topic, { count, at: this.clock.now() });
  }

  private async replaceProducer(error: unknown): Promise<void> {
    this.options.logger.warn({ err: error }, 'the broker no longer knows this producer; a fresh producer resends what was not acknowledged');
    await this.client.replaceProducer(this.producer, (fresh) => (this.producer = fresh));
  }
}

/** Messages per partition of one send (a send without partitions went to the one partition kafkajs answered for). */
function countsPerPartition(messages: readonly OutgoingMessage[], results: readonly { partition: number }[]): Map<number, number> {
  const counts = new Map<number, number>();
  if (messages.some((m) => m.partition === undefined)) {
    if (results.length === 1) counts.set(results[0].partition, messages.length);
    return counts;
  }
  for (const m of messages) counts.set(m.partition as number, (counts.get(m.partition as number) ?? 0) + 1);
  return counts;
}

function connectFailed(description: string, cause: unknown): ProducerError {
  const reason = (cause as Error).message;
  const hint = classifyKafkaFailure(cause) === 'fatal'
    ? 'Check the SASL user name, password and mechanism, and what this user may do.'
    : 'Check the broker address (Quix__Broker__Address / KAFKA_BROKERS), TLS settings, and that the broker is reachable from here.';
  return new ProducerError('CONNECT_FAILED', `Cannot connect to ${description}: ${reason}. ${hint}`, false, { cause });
}
