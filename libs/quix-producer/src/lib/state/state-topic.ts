import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { retry, systemClock, type Clock } from '@quix-connectors/timing';
import type { KafkaClient } from '../kafka/kafka-client.js';
import { classifyKafkaFailure, failureCause } from '../kafka/kafka-errors.js';
import type { ResolvedOutput } from '../connection/resolve-output.js';
import type { Logger } from '../logger.js';
import { readStateTopic } from '../transactions/read-state-topic.js';
import { appState, fenceKey } from '../transactions/kafka-transactional-sink.js';
import { compactedTopic } from '../kafka/create-topics.js';

export interface StateTopicOptions {
  /** The Kafka topic (on Quix Cloud its id). */
  topic: string;
  /** Create it (compacted, one partition) when missing; otherwise a missing topic stops the start. */
  createTopic: boolean;
  /** Before the reader's consumer group id (Quix Cloud: the workspace id and a dash). */
  groupIdPrefix: string;
  /** Names this writer's fence record; stable per app. */
  writerId: string;
  /** How long reading the topic back at start may take. */
  readTimeoutMs: number;
  logger: Logger;
  clock?: Clock;
}

export interface StateWrite {
  key: string;
  /** null deletes the key (a tombstone). */
  value: string | Buffer | null;
}

const RETRY = { initialMs: 200, maxMs: 5000 };

/**
 * A compacted topic of keyed state records, written outside transactions and acknowledged by
 * every in-sync replica (for sources whose state is not committed with their data, like
 * rest-poller's dedupe ids). `load` writes a fresh fence record and reads the topic from the
 * beginning up to it, so everything written before is seen. A write retries while Kafka cannot
 * be reached, until `close`; only a failure no retry can cure rejects it.
 */
export class StateTopic {
  private producer: Producer;
  private readonly closing = new AbortController();
  private readonly clock: Clock;
  private connected = false;

  constructor(
    private readonly client: KafkaClient,
    private readonly options: StateTopicOptions,
  ) {
    this.producer = client.producer();
    this.clock = options.clock ?? systemClock;
  }

  /** The newest value of every key (without this lib's own records). */
  async load(): Promise<Map<string, Buffer>> {
    const { topic } = this.options;
    if (this.options.createTopic) {
      const created = await this.client.createMissingTopics([compactedTopic(topic)]);
      if (created.length > 0) this.options.logger.info({ topic }, 'created the state topic (compacted)');
    } else if (!(await this.client.hasTopic(topic))) {
      throw new Error(`the state topic "${topic}" does not exist; create it with cleanup.policy=compact, or set KAFKA_CREATE_TOPIC=true`);
    }
    await this.producer.connect();
    this.connected = true;
    const fence = { key: fenceKey(this.options.writerId), value: randomUUID() };
    await this.write([fence]);
    return appState(await readStateTopic(this.client, topic, fence, { timeoutMs: this.options.readTimeoutMs, groupIdPrefix: this.options.groupIdPrefix }));
  }

  /** Resolves once every record is acknowledged; retries connection loss for as long as it lasts. */
  async write(records: readonly StateWrite[]): Promise<void> {
    const messages = records.map((r) => ({ key: r.key, value: r.value }));
    await retry(() => this.send(messages), {
      policy: RETRY,
      clock: this.clock,
      signal: this.closing.signal,
      isRetriable: (error) => ['transient', 'reset'].includes(classifyKafkaFailure(error)),
      onRetry: ({ error, attempt, delayMs }) => {
        if (attempt === 1) this.options.logger.warn({ topic: this.options.topic, cause: failureCause(error), delayMs }, 'state not written yet; retrying while Kafka cannot take it');
      },
    });
  }

  private async send(messages: { key: string; value: string | Buffer | null }[]): Promise<void> {
    try {
      await this.producer.send({ topic: this.options.topic, acks: -1, messages });
    } catch (error) {
      if (classifyKafkaFailure(error) === 'reset') await this.client.replaceProducer(this.producer, (fresh) => (this.producer = fresh));
      throw error;
    }
  }

  /** Stops retrying (writes under way reject) and disconnects. */
  async close(): Promise<void> {
    this.closing.abort();
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
    this.connected = false;
  }
}

/** The state topic `name` on the resolved output's Kafka; undefined when publishing to stdout. */
export function stateTopicOn(output: ResolvedOutput, name: string, options: Pick<StateTopicOptions, 'writerId' | 'readTimeoutMs' | 'logger' | 'clock'>): StateTopic | undefined {
  if (!output.client) return undefined;
  return new StateTopic(output.client, { ...options, topic: output.topicId(name), createTopic: output.createTopics, groupIdPrefix: output.idPrefix });
}
