import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { EndpointState } from './endpoint-state.js';
import type { StateStore } from './state-store.js';

export interface KafkaStateStoreOptions {
  brokers: string[];
  topic: string;
  clientId: string;
  /** How long reading the state back at start may take before it fails. */
  loadTimeoutMs?: number;
}

/**
 * Endpoint state in a compacted Kafka topic, one message per save keyed by the endpoint name, so
 * compaction keeps the latest state of each endpoint. It lives beside the data it describes and
 * survives a redeployment that has no volume. Read back from the beginning at start.
 */
export class KafkaStateStore implements StateStore {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private connected = false;

  constructor(private readonly options: KafkaStateStoreOptions) {
    this.kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.NOTHING });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async load(): Promise<Map<string, EndpointState>> {
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      await ensureCompactedTopic(admin, this.options.topic);
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

  async save(endpoint: string, state: EndpointState): Promise<void> {
    await this.producer.send({ topic: this.options.topic, acks: -1, messages: [{ key: endpoint, value: JSON.stringify(state) }] });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }

  private async readUntil(ends: Map<number, bigint>, states: Map<string, EndpointState>): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: `rest-poller-state-${randomUUID()}` });
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

async function ensureCompactedTopic(admin: Admin, topic: string): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return;
  await admin
    .createTopics({ topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }], waitForLeaders: true })
    .catch((error: { type?: string }) => {
      if (error.type !== 'TOPIC_ALREADY_EXISTS') throw error;
    });
}
