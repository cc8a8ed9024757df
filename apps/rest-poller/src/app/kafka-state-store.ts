import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
// Known violation of the one-client rule (issue 16): the state store still has its own kafkajs client
// until rest-poller commits its state in the runtime's transactions (work in progress, not landed).
// eslint-disable-next-line no-restricted-imports
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { KafkaClientOptions } from '@quix-connectors/quix-producer';
import type { EndpointState, StateChange } from './endpoint-state.js';
import { StateLog, type StateRecord } from './state-log.js';
import type { StateStore } from './state-store.js';

export interface KafkaStateStoreOptions extends KafkaClientOptions {
  /** The Kafka topic (on Quix Cloud its id, which the Portal API created compacted). */
  topic: string;
  clientId: string;
  /** Create the topic, compacted, when it is missing (plain Kafka with KAFKA_CREATE_TOPIC). */
  createTopic: boolean;
  /** Put before the consumer group id (Quix Cloud: the workspace). */
  groupIdPrefix?: string;
  /** Ids remembered per endpoint (DEDUPE_MAX_IDS). */
  maxIds: number;
  /** How long reading the state back at start may take before it fails. */
  loadTimeoutMs?: number;
  /**
   * How long the oldest save waits for others to share its produce call, ms (KAFKA_LINGER_MS,
   * as for the rows). Each produce call costs kafkajs far more CPU than the records in it.
   */
  lingerMs?: number;
}

/** The most bytes of state sent in one produce call (under Kafka's default 1 MB batch limit). */
const MAX_BATCH_BYTES = 512 * 1024;

interface PendingSave {
  endpoint: string;
  records: StateRecord[];
  bytes: number;
  savedAt: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Endpoint state in a compacted Kafka topic, written as a StateLog: per endpoint a head record
 * and id chunks, so a save writes what changed and compaction keeps what is current. It lives
 * beside the data it describes and survives a redeployment that has no volume. Read back from
 * the beginning at start.
 *
 * Saves made while a send is in flight or within the linger go out together in the next send: a
 * thousand endpoints polled every second then cost a few produce calls a second, not a thousand.
 */
export class KafkaStateStore implements StateStore {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly log: StateLog;
  private connected = false;
  private pending: PendingSave[] = [];
  private sending: Promise<void> | undefined;

  constructor(private readonly options: KafkaStateStoreOptions) {
    const { brokers, ssl, sasl, metadataMaxAgeMs } = options;
    this.log = new StateLog(options.maxIds);
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
    if ([...ends.values()].every((end) => end === 0n)) return new Map();
    return this.log.restore(await this.readUntil(ends));
  }

  save(endpoint: string, change: StateChange): Promise<void> {
    return new Promise((resolve, reject) => {
      const records = this.log.recordsFor(endpoint, change);
      const bytes = records.reduce((n, r) => n + r.key.length + (r.value?.length ?? 0), 0);
      this.pending.push({ endpoint, records, bytes, savedAt: performance.now(), resolve, reject });
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
    while (this.pending.length > 0) {
      await this.linger();
      let bytes = 0;
      let count = 0;
      while (count < this.pending.length && (count === 0 || bytes + this.pending[count].bytes <= MAX_BATCH_BYTES)) {
        bytes += this.pending[count].bytes;
        count += 1;
      }
      const batch = this.pending.splice(0, count);
      try {
        await this.producer.send({ topic: this.options.topic, acks: -1, messages: batch.flatMap((save) => save.records) });
        for (const save of batch) save.resolve();
      } catch (error) {
        for (const save of batch) {
          this.log.afterFailedSend(save.endpoint);
          save.reject(error);
        }
      }
    }
  }

  /** Waits until the oldest pending save has lingered long enough, unless a full batch is waiting. */
  private async linger(): Promise<void> {
    const lingerLeft = this.pending[0].savedAt + (this.options.lingerMs ?? 0) - performance.now();
    if (lingerLeft <= 0 || this.pending.reduce((n, save) => n + save.bytes, 0) >= MAX_BATCH_BYTES) return;
    await sleep(lingerLeft);
  }

  /** Every record of the topic up to `ends`, in order per partition. */
  private async readUntil(ends: Map<number, bigint>): Promise<StateRecord[]> {
    const records: StateRecord[] = [];
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
              if (key !== undefined) records.push({ key, value: message.value === null ? null : message.value.toString('utf8') });
              if (done()) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
    }
    return records;
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
