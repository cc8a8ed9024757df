import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { KafkaClientOptions } from '@quix-connectors/quix-producer';
import type { EndpointState } from './endpoint-state.js';
import type { StateStore } from './state-store.js';

export interface KafkaStateStoreOptions extends KafkaClientOptions {
  /** The Kafka topic (on Quix Cloud its id, which the Portal API created compacted). */
  topic: string;
  clientId: string;
  /** Create the topic, compacted, when it is missing (plain Kafka with KAFKA_CREATE_TOPIC). */
  createTopic: boolean;
  /** Put before the consumer group id (Quix Cloud: the workspace). */
  groupIdPrefix?: string;
  /** How long reading the state back at start may take before it fails. */
  loadTimeoutMs?: number;
}

/** The most bytes of state sent in one produce call (under Kafka's default 1 MB batch limit). */
const MAX_BATCH_BYTES = 512 * 1024;

interface PendingSave {
  state: EndpointState;
  /** Every save of this endpoint waiting; all are settled by the newest state's send. */
  waiters: { resolve(): void; reject(error: unknown): void }[];
}

/**
 * Endpoint state in a compacted Kafka topic, one message per endpoint keyed by its name, so
 * compaction keeps the latest state of each endpoint. It lives beside the data it describes and
 * survives a redeployment that has no volume. Read back from the beginning at start.
 *
 * Saves made while a send is in flight go out together in the next send (only the newest state
 * of an endpoint, which is all compaction keeps): a thousand endpoints polled every second then
 * cost a few produce calls a second, not a thousand.
 */
export class KafkaStateStore implements StateStore {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private connected = false;
  private readonly pending = new Map<string, PendingSave>();
  private sending: Promise<void> | undefined;

  constructor(private readonly options: KafkaStateStoreOptions) {
    const { brokers, ssl, sasl, metadataMaxAgeMs } = options;
    this.kafka = new Kafka({ clientId: options.clientId, brokers, ssl, sasl, logLevel: logLevel.NOTHING });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, metadataMaxAge: metadataMaxAgeMs });
  }

  async load(): Promise<Map<string, EndpointState>> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      await ensureTopic(admin, this.options.topic, this.options.createTopic);
      const offsets = await admin.fetchTopicOffsets(this.options.topic);
      ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
    await this.producer.connect();
    this.connected = true;
    const states = new Map<string, EndpointState>();
    if ([...ends.values()].every((end) => end === 0n)) return states;
    await this.readUntil(ends, states);
    return states;
  }

  save(endpoint: string, state: EndpointState): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(endpoint);
      if (waiting) {
        waiting.state = state;
        waiting.waiters.push({ resolve, reject });
      } else {
        this.pending.set(endpoint, { state, waiters: [{ resolve, reject }] });
      }
      this.sending ??= this.sendPending().finally(() => (this.sending = undefined));
    });
  }

  async close(): Promise<void> {
    await this.sending;
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }

  /** Sends what is pending, in batches, until nothing is; one send at a time keeps order. */
  private async sendPending(): Promise<void> {
    while (this.pending.size > 0) {
      const batch: [string, PendingSave, string][] = [];
      let bytes = 0;
      for (const [endpoint, save] of this.pending) {
        const value = JSON.stringify(save.state);
        if (batch.length > 0 && bytes + value.length > MAX_BATCH_BYTES) break;
        batch.push([endpoint, save, value]);
        bytes += value.length;
        this.pending.delete(endpoint);
      }
      try {
        await this.producer.send({ topic: this.options.topic, acks: -1, messages: batch.map(([key, , value]) => ({ key, value })) });
        for (const [, save] of batch) for (const waiter of save.waiters) waiter.resolve();
      } catch (error) {
        for (const [, save] of batch) for (const waiter of save.waiters) waiter.reject(error);
      }
    }
  }

  private async readUntil(ends: Map<number, bigint>, states: Map<string, EndpointState>): Promise<void> {
    const groupId = `${this.options.groupIdPrefix ?? ''}rest-poller-state-${randomUUID()}`;
    const consumer = this.kafka.consumer({ groupId, metadataMaxAge: this.options.metadataMaxAgeMs });
    const next = new Map<number, bigint>();
    const done = () => [...ends].every(([p, end]) => (next.get(p) ?? 0n) >= end);
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timeoutMs = this.options.loadTimeoutMs ?? 60_000;
        timer = setTimeout(() => reject(new Error(`reading state topic "${this.options.topic}" took over ${timeoutMs} ms`)), timeoutMs);
        void consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              next.set(partition, BigInt(message.offset) + 1n);
              const key = message.key?.toString('utf8');
              if (key !== undefined) {
                if (message.value === null) states.delete(key);
                else states.set(key, JSON.parse(message.value.toString('utf8')) as EndpointState);
              }
              if (done()) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
  }
}

async function ensureTopic(admin: Admin, topic: string, create: boolean): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return;
  if (!create) throw new Error(`the state topic "${topic}" does not exist; create it with cleanup.policy=compact, or set KAFKA_CREATE_TOPIC=true`);
  await admin
    .createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true })
    .catch((error: { type?: string }) => {
      if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
    });
}
