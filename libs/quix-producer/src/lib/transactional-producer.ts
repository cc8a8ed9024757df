import { createEncoder, type MessageFormat, type StreamEncoder, type StreamProperties } from '@quix-connectors/message-schema';
import { systemClock, type BackoffPolicy, type Clock } from '@quix-connectors/timing';
import type { DeliveryHealth } from './delivery/delivery-queue.js';
import { MemoryBudget } from './delivery/memory-budget.js';
import type { ProducerError } from './errors.js';
import { childLogger, silentLogger, type Logger } from './logger.js';
import type { CloseReport } from './quix-producer.js';
import type { RefusalHandler } from './stream/refusal.js';
import { mergeContents, type TransactionContent } from './transactions/transaction-content.js';
import { TransactionQueue, type CommitOptions } from './transactions/transaction-queue.js';
import type { TransactionalSink } from './transactions/transactional-sink.js';
import { TransactionalStream } from './transactions/transactional-stream.js';

export interface TransactionalProducerOptions {
  sink: TransactionalSink;
  /** The default topic of streams (as Kafka names it). */
  topic: string;
  format: MessageFormat;
  maxMessageBytes: number;
  /** Bytes held for Kafka (commits waiting or under way) before committing waits. */
  maxPendingBytes: number;
  /** Commits waiting together are merged into one transaction up to this size (default 16 MiB). */
  maxTransactionBytes?: number;
  retry?: BackoffPolicy;
  stallMs?: number;
  onRefused?: RefusalHandler;
  onFatal?: (error: ProducerError) => void;
  logger?: Logger;
  clock?: Clock;
}

/**
 * Exactly-once publishing: streams whose messages are committed in Kafka transactions together
 * with the state records that describe them (an import position, a poll's dedupe ids), so a
 * restart resumes exactly where the last commit left off, never duplicating and never losing.
 */
export class TransactionalProducer {
  readonly topic: string;
  private readonly encoder: StreamEncoder;
  private readonly queue: TransactionQueue;
  private readonly streams = new Map<string, TransactionalStream>();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private connected = false;

  constructor(private readonly options: TransactionalProducerOptions) {
    this.topic = options.topic;
    this.logger = childLogger(options.logger ?? silentLogger, 'transactions');
    this.clock = options.clock ?? systemClock;
    this.encoder = createEncoder(options.format);
    this.queue = new TransactionQueue(options.sink, {
      budget: new MemoryBudget(options.maxPendingBytes),
      maxTransactionBytes: options.maxTransactionBytes ?? 16 * 1024 * 1024,
      retry: options.retry ?? { initialMs: 500, maxMs: 5000 },
      stallMs: options.stallMs ?? 10_000,
      clock: this.clock,
      logger: this.logger,
      onFatal: (error) => {
        this.logger.error({ err: error }, error.message);
        options.onFatal?.(error);
      },
    });
  }

  get description(): string {
    return `${this.options.sink.description}, topic "${this.topic}", format ${this.options.format}`;
  }

  /** Connects (fencing an earlier producer with the same transactional id) and returns the committed state. */
  async connect(): Promise<Map<string, Buffer>> {
    const state = await this.options.sink.connect();
    this.connected = true;
    this.logger.info({ topic: this.topic, format: this.options.format }, `publishing in transactions to ${this.options.sink.description}`);
    return state;
  }

  health(): DeliveryHealth {
    const health = this.queue.health();
    return this.connected ? health : { ready: false, reasons: ['not-connected', ...health.reasons] };
  }

  isReady(): boolean {
    return this.health().ready;
  }

  /** The stream of this id (made on first use); its properties go with its first commit. */
  stream(streamId: string, options: { topic?: string; properties?: StreamProperties; onRefused?: RefusalHandler } = {}): TransactionalStream {
    const topic = options.topic ?? this.topic;
    const name = `${topic}\u0000${streamId}`;
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new TransactionalStream({
        streamId,
        topic,
        properties: options.properties ?? {},
        encoder: this.encoder,
        maxMessageBytes: this.options.maxMessageBytes,
        onRefused: options.onRefused ?? this.options.onRefused ?? ((r) => this.logger.warn({ streamId: r.streamId, reason: r.reason }, `refused: ${r.message}`)),
      });
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Forgets a stream that has ended (streams that come and go, e.g. one per imported file). */
  forget(stream: TransactionalStream): void {
    this.streams.delete(`${stream.topic}\u0000${stream.streamId}`);
  }

  /** Resolves once the content is committed (waiting out any outage); rejects only when it never can be. */
  commit(content: TransactionContent, options?: CommitOptions): Promise<void> {
    return this.queue.commit(content, options);
  }

  stats(): { queuedCommits: number; queuedBytes: number; streams: number } {
    const depth = this.queue.depth;
    return { queuedCommits: depth.commits, queuedBytes: depth.bytes, streams: this.streams.size };
  }

  /**
   * Ends the streams that are still open (one transaction), waits for every commit, disconnects.
   * What is not committed when the deadline passes is abandoned and reported.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<CloseReport> {
    const closing = (async () => {
      const open = [...this.streams.values()].filter((s) => !s.ended);
      if (open.length > 0 && this.connected) {
        const ends = mergeContents(open.map((s) => ({ data: [s.end()], state: [] })));
        await this.queue.commit(ends).catch((err: unknown) => this.logger.warn({ err }, 'the streams could not be ended'));
      }
      this.queue.close();
      await this.queue.drain();
    })();
    let timer: { cancel(): void } | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      if (options.deadlineMs !== undefined) timer = this.clock.timer(options.deadlineMs, () => resolve('timeout'));
    });
    const outcome = await Promise.race([closing.then(() => 'done' as const), timeout]);
    timer?.cancel();
    const abandoned = outcome === 'timeout' ? this.queue.abandon('The shutdown deadline passed before Kafka committed this.') : { items: 0, replayableItems: 0 };
    if (this.connected) {
      this.connected = false;
      await this.options.sink.disconnect().catch((err: unknown) => this.logger.warn({ err }, 'disconnecting from Kafka failed'));
    }
    return { abandoned };
  }
}
