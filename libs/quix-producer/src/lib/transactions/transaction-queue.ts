import { randomUUID } from 'node:crypto';
import { backoffDelay, ReportThrottle, sleep, type BackoffPolicy, type Clock } from '@quix-connectors/timing';
import type { DeliveryHealth, Abandoned } from '../delivery/delivery-queue.js';
import type { MemoryBudget } from '../delivery/memory-budget.js';
import { deliveredChannel, deliveryFailedChannel } from '../diagnostics.js';
import { ProducerError, RecordRefusedError } from '../errors.js';
import { failureCause } from '../kafka/kafka-errors.js';
import type { Logger } from '../logger.js';
import { contentBytes, mergeContents, type TransactionContent } from './transaction-content.js';
import { TransactionFailure, type TransactionalSink } from './transactional-sink.js';

export interface TransactionQueueOptions {
  budget: MemoryBudget;
  /** Commits waiting together go in one transaction up to this size. */
  maxTransactionBytes: number;
  retry: BackoffPolicy;
  stallMs: number;
  clock: Clock;
  logger: Logger;
  onFatal(error: ProducerError): void;
}

interface Pending {
  content: TransactionContent;
  bytes: number;
  items: number;
  replayable: boolean;
  enqueuedAt: number;
  resolve(): void;
  reject(error: unknown): void;
  /** Settles when the commit resolves or rejects. */
  settled: Promise<void>;
}

export interface CommitOptions {
  /** Rows or events in the content (for counts). */
  items?: number;
  /** The source reads these again by itself if they are not committed (its position did not move). */
  replayable?: boolean;
}

/**
 * Commits transactions one at a time, in order; commits made while one is under way are merged
 * into the next (group commit), so many callers share round trips. A transient failure (broker
 * down, coordinator moving) is ridden out for as long as it lasts: the transaction is aborted (or
 * found committed after all) and done again, so every commit happens exactly once.
 */
export class TransactionQueue {
  private readonly pending: Pending[] = [];
  private readonly stopping = new AbortController();
  private readonly throttle: ReportThrottle;
  private readonly runId = randomUUID();
  private sequence = 0;
  private pumping = false;
  private closed = false;
  private fatal: ProducerError | undefined;
  private inFlightSince: number | undefined;
  private failingCause: string | undefined;
  private inFlight: Pending[] = [];

  constructor(
    private readonly sink: TransactionalSink,
    private readonly options: TransactionQueueOptions,
  ) {
    this.throttle = new ReportThrottle(options.clock, 30_000);
  }

  /** Resolves once the content is committed; waits for room first (back-pressure). */
  async commit(content: TransactionContent, options: CommitOptions = {}): Promise<void> {
    this.assertOpen();
    const bytes = contentBytes(content);
    if (!(await this.options.budget.reserve(bytes, this.stopping.signal))) this.assertOpen();
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    const settled = done.then(
      () => undefined,
      () => undefined,
    );
    this.pending.push({ content, bytes, items: options.items ?? 0, replayable: options.replayable ?? false, enqueuedAt: this.options.clock.now(), resolve, reject, settled });
    void this.pump();
    return done;
  }

  health(): DeliveryHealth {
    const reasons: string[] = [];
    if (this.fatal) reasons.push(`delivery-fatal: ${this.fatal.message}`);
    if (this.failingCause !== undefined) reasons.push(`delivery-failing: ${this.failingCause}`);
    if (this.inFlightSince !== undefined && this.options.clock.now() - this.inFlightSince >= this.options.stallMs) reasons.push('delivery-stalled');
    if (this.options.budget.full) reasons.push('queue-full');
    return { ready: reasons.length === 0, reasons };
  }

  get depth(): { commits: number; bytes: number } {
    return { commits: this.pending.length + this.inFlight.length, bytes: this.options.budget.usedBytes };
  }

  close(): void {
    this.closed = true;
  }

  /** Resolves when every commit made so far is committed, refused or abandoned. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight, ...this.pending].map((p) => p.settled));
  }

  abandon(reason: string): Abandoned {
    this.close();
    this.stopping.abort();
    const abandoned: Abandoned = { items: 0, replayableItems: 0 };
    for (const p of [...this.inFlight.splice(0), ...this.pending.splice(0)]) {
      abandoned.items += p.items;
      if (p.replayable) abandoned.replayableItems += p.items;
      this.options.budget.release(p.bytes);
      p.reject(new ProducerError('SHUTDOWN_TIMEOUT', reason, false));
    }
    return abandoned;
  }

  private assertOpen(): void {
    if (this.fatal) throw this.fatal;
    if (this.closed) throw new ProducerError('PRODUCER_CLOSED', 'The producer is closed; nothing more can be committed.', false);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.pending.length > 0 && !this.stopping.signal.aborted && !this.fatal) {
        await this.commitBatch(this.takeBatch());
      }
    } finally {
      this.pumping = false;
    }
  }

  private takeBatch(): Pending[] {
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && (count === 0 || bytes + this.pending[count].bytes <= this.options.maxTransactionBytes)) {
      bytes += this.pending[count].bytes;
      count += 1;
    }
    return this.pending.splice(0, count);
  }

  /** Commits the batch as one transaction, however many attempts it takes; refused content is isolated. */
  private async commitBatch(batch: Pending[]): Promise<void> {
    this.inFlight = batch;
    const content = mergeContents(batch.map((p) => p.content));
    const { clock } = this.options;
    for (let attempt = 1; !this.stopping.signal.aborted; attempt += 1) {
      const marker = `${this.runId}:${this.sequence++}`;
      this.inFlightSince = clock.now();
      try {
        await this.sink.commit(content, marker);
        return this.committed(batch, attempt);
      } catch (error) {
        this.inFlightSince = undefined;
        const cause = error instanceof TransactionFailure ? error.cause : error;
        const kind = this.sink.classify(cause);
        if (kind === 'fatal') return this.failAll(cause);
        if (kind === 'refused') return this.refuse(batch, cause);
        this.failingCause = failureCause(cause);
        this.reportRetry(cause, attempt);
        if (await this.recover(marker, attempt)) return this.committed(batch, attempt);
      }
    }
  }

  /** Takes over with a fresh producer until that works; true when the failed transaction committed after all. */
  private async recover(marker: string, attempt: number): Promise<boolean> {
    const { clock } = this.options;
    for (let n = attempt; !this.stopping.signal.aborted; n += 1) {
      await sleep(clock, backoffDelay(this.options.retry, n), this.stopping.signal);
      if (this.stopping.signal.aborted) return false;
      try {
        return await this.sink.recover(marker);
      } catch (error) {
        if (this.sink.classify(error) === 'fatal') {
          this.failAll(error);
          return false;
        }
        this.failingCause = failureCause(error);
        this.reportRetry(error, n + 1);
      }
    }
    return false;
  }

  private committed(batch: Pending[], attempts: number): void {
    this.inFlightSince = undefined;
    if (this.failingCause !== undefined) {
      this.throttle.clear(this.failingCause);
      this.options.logger.info({ attempts }, 'Kafka takes transactions again');
    }
    this.failingCause = undefined;
    this.inFlight = [];
    let messages = 0;
    let bytes = 0;
    for (const p of batch) {
      for (const { messages: m } of p.content.data) {
        messages += m.length;
        for (const x of m) bytes += x.value.length;
      }
      this.options.budget.release(p.bytes);
      p.resolve();
    }
    const items = batch.reduce((n, p) => n + p.items, 0);
    deliveredChannel.publish({ topic: '(transaction)', messages, bytes, items, latencyMs: this.options.clock.now() - batch[0].enqueuedAt });
  }

  /** A refused record fails its own commit only: a merged batch is split until the culprit is alone. */
  private async refuse(batch: Pending[], error: unknown): Promise<void> {
    this.inFlight = [];
    if (batch.length > 1) {
      // The second half waits its turn again; the first is tried alone (and split again if need be).
      const half = Math.ceil(batch.length / 2);
      this.pending.unshift(...batch.slice(half));
      await this.commitBatch(batch.slice(0, half));
      return;
    }
    const [only] = batch;
    this.options.budget.release(only.bytes);
    only.reject(new RecordRefusedError(`Kafka refused the transaction: ${(error as Error).message}`, failureCause(error), [], { cause: error }));
  }

  private failAll(error: unknown): void {
    if (this.fatal) return;
    this.fatal = new ProducerError('DELIVERY_FATAL', `Kafka refuses all transactions: ${(error as Error).message}`, false, { cause: error });
    for (const p of [...this.inFlight.splice(0), ...this.pending.splice(0)]) {
      this.options.budget.release(p.bytes);
      p.reject(this.fatal);
    }
    this.options.onFatal(this.fatal);
  }

  private reportRetry(error: unknown, attempt: number): void {
    const cause = failureCause(error);
    deliveryFailedChannel.publish({ topic: '(transaction)', messages: 0, error, cause, willRetry: true });
    const verdict = this.throttle.take(cause);
    if (!verdict.report) return;
    this.options.logger.warn(
      { cause, attempt, repeated: verdict.suppressed, reason: (error as Error).message },
      'a transaction did not commit; it is aborted and done again once Kafka answers (exactly once, nothing lost)',
    );
  }
}
