import { setTimeout as sleep } from 'node:timers/promises';
import type { StateTopic } from '@quix-connectors/quix-producer';
import type { EndpointState, StateChange } from './endpoint-state.js';
import { StateLog, type StateRecord } from './state-log.js';
import type { StateStore } from './state-store.js';

export interface KafkaStateStoreOptions {
  /** Ids remembered per endpoint (DEDUPE_MAX_IDS). */
  maxIds: number;
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
  private readonly log: StateLog;
  private pending: PendingSave[] = [];
  private sending: Promise<void> | undefined;

  constructor(
    private readonly topic: StateTopic,
    private readonly options: KafkaStateStoreOptions,
  ) {
    this.log = new StateLog(options.maxIds);
  }

  async load(): Promise<Map<string, EndpointState>> {
    const saved = await this.topic.load();
    return this.log.restore([...saved].map(([key, value]): StateRecord => ({ key, value: value.toString('utf8') })));
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
    await this.topic.close();
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
        await this.topic.write(batch.flatMap((save) => save.records));
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
}
