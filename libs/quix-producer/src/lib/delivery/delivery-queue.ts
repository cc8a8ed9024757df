import { backoffDelay, ReportThrottle, sleep, type BackoffPolicy, type Clock } from '@quix-connectors/timing';
import { deliveredChannel, deliveryFailedChannel, refusedChannel } from '../diagnostics.js';
import { ProducerError, ShutdownTimeoutError } from '../errors.js';
import { failureCause } from '../kafka/kafka-errors.js';
import type { Logger } from '../logger.js';
import type { OutgoingMessage, Sink } from '../sink/sink.js';
import type { MemoryBudget } from './memory-budget.js';
import { PartitionGroup, type Entry, type Request } from './partition-group.js';

/** What a publisher holds after enqueueing: the acknowledgement, and a way to withdraw. */
export interface Delivery {
  /**
   * Resolves once Kafka acknowledged every message; rejects with a ProducerError saying why not
   * (a ShutdownTimeoutError says whether some had been sent and may be in the topic).
   */
  acked: Promise<void>;
  /** Withdraws the messages if none of them was handed to Kafka yet (then `acked` rejects CANCELLED). */
  cancel(): boolean;
}

export interface EnqueueOptions {
  /** Rows or events in each message (for counts and refusals); 1 each by default. */
  items?: readonly number[];
  /** The source sends these again by itself if they are not acknowledged (a webhook sender, a re-poll). */
  replayable?: boolean;
}

export interface DeliveryQueueOptions {
  budget: MemoryBudget;
  /**
   * Upper bound of one produce call. Messages of one partition go as one record batch, which the
   * broker refuses over its message.max.bytes: so this is at most the largest message the topic takes.
   */
  maxRequestBytes: number;
  /** How long the oldest message may wait for others to share its send, ms (librdkafka's linger.ms). */
  lingerMs: number;
  retry: BackoffPolicy;
  /** A send in flight this long makes the connector not ready (the broker may be unreachable). */
  stallMs: number;
  clock: Clock;
  logger: Logger;
  /** Called once when no record can ever be delivered (authorization, invalid topic, fenced). */
  onFatal(error: ProducerError): void;
}

export interface DeliveryHealth {
  ready: boolean;
  /** Why not, e.g. `delivery-failing: KafkaJSConnectionError`; empty when ready. */
  reasons: string[];
}

/** What was still unacknowledged when shutdown gave up waiting. */
export interface Abandoned {
  items: number;
  /** Of those, items their source will send again (webhooks answered 503, re-polled records). */
  replayableItems: number;
}

/**
 * The one path from streams to the sink. Messages are grouped by topic and partition; each group
 * sends one request at a time, so order holds within a stream, and each send goes to one
 * partition, so a failure is all or nothing and resending it never duplicates (the idempotent
 * producer's sequence is rolled back on failure). A transient failure (a broker down for
 * minutes, a leader moving) is retried with backoff until it succeeds or shutdown gives up.
 * Records the broker refuses are found by halving the send and refused alone; a fatal error
 * fails everything and stops the connector. Memory is bounded by the shared budget.
 */
export class DeliveryQueue {
  private readonly groups = new Map<string, PartitionGroup>();
  private readonly stopping = new AbortController();
  private readonly throttle: ReportThrottle;
  private fatal: ProducerError | undefined;
  private closed = false;

  constructor(
    private readonly sink: Sink,
    private readonly options: DeliveryQueueOptions,
  ) {
    this.throttle = new ReportThrottle(options.clock, 30_000);
  }

  /** Queues the messages, waiting for room in the budget first (back-pressure). */
  async enqueue(topic: string, key: string, messages: OutgoingMessage[], options: EnqueueOptions = {}): Promise<Delivery> {
    const bytes = sizeOf(messages);
    this.assertOpen();
    if (!(await this.options.budget.reserve(bytes, this.stopping.signal))) this.assertOpen();
    return this.add(topic, key, messages, bytes, options);
  }

  /** Queues the messages if there is room now; undefined when the budget is full (answer "later"). */
  tryEnqueue(topic: string, key: string, messages: OutgoingMessage[], options: EnqueueOptions = {}): Delivery | undefined {
    this.assertOpen();
    const bytes = sizeOf(messages);
    if (!this.options.budget.tryReserve(bytes)) return undefined;
    return this.add(topic, key, messages, bytes, options);
  }

  health(): DeliveryHealth {
    const reasons = new Set<string>();
    if (this.fatal) reasons.add(`delivery-fatal: ${this.fatal.message}`);
    const now = this.options.clock.now();
    for (const group of this.groups.values()) {
      if (group.failingCause !== undefined) reasons.add(`delivery-failing: ${group.failingCause}`);
      if (group.inFlightSince !== undefined && now - group.inFlightSince >= this.options.stallMs) reasons.add('delivery-stalled');
    }
    if (this.options.budget.full) reasons.add('queue-full');
    return { ready: reasons.size === 0, reasons: [...reasons] };
  }

  get depth(): { messages: number; items: number; bytes: number } {
    let messages = 0;
    let items = 0;
    for (const group of this.groups.values()) {
      for (const entry of group.entries) {
        messages += entry.messages.length - entry.settled;
        items += entry.totalItems;
      }
    }
    return { messages, items, bytes: this.options.budget.usedBytes };
  }

  /** Resolves when everything enqueued so far is acknowledged, refused or abandoned. */
  async drain(): Promise<void> {
    const pending = [...this.groups.values()].flatMap((g) => g.entries.map((e) => e.done));
    await Promise.allSettled(pending);
  }

  /** Refuses new messages; what is queued keeps going until `abandon`. */
  close(): void {
    this.closed = true;
  }

  /** Gives up on everything not yet acknowledged (the shutdown deadline passed) and says what that was. */
  abandon(reason: string): Abandoned {
    this.close();
    this.stopping.abort();
    const abandoned: Abandoned = { items: 0, replayableItems: 0 };
    for (const group of this.groups.values()) {
      for (const entry of group.entries.splice(0)) {
        abandoned.items += entry.totalItems;
        if (entry.replayable) abandoned.replayableItems += entry.totalItems;
        this.finish(entry, new ShutdownTimeoutError(reason, entry.taken > 0));
      }
    }
    return abandoned;
  }

  private assertOpen(): void {
    if (this.fatal) throw this.fatal;
    if (this.closed) throw new ProducerError('PRODUCER_CLOSED', 'The producer is closed; nothing more can be published.', false);
  }

  private add(topic: string, key: string, messages: OutgoingMessage[], bytes: number, options: EnqueueOptions): Delivery {
    if (messages.length === 0) {
      this.options.budget.release(bytes);
      return { acked: Promise.resolve(), cancel: () => false };
    }
    const partition = this.sink.partitionFor(topic, key);
    const groupKey = partition === undefined ? topic : `${topic}\u0000${partition}`;
    let group = this.groups.get(groupKey);
    if (!group) {
      group = new PartitionGroup(topic, partition);
      this.groups.set(groupKey, group);
    }
    const entry = group.add(messages.map((m) => (partition === undefined ? m : { ...m, partition })), bytes, options, this.options.clock.now());
    entry.done.catch(() => undefined); // the publisher handles `acked`; never an unhandled rejection here
    void this.pump(group);
    return { acked: entry.done, cancel: () => this.cancel(group, entry) };
  }

  private cancel(group: PartitionGroup, entry: Entry): boolean {
    if (!group.withdraw(entry)) return false;
    this.finish(entry, new ProducerError('CANCELLED', 'Withdrawn before it was sent.', false));
    return true;
  }

  private async pump(group: PartitionGroup): Promise<void> {
    if (group.pumping) return;
    group.pumping = true;
    try {
      while (group.hasUntaken() && !this.stopping.signal.aborted) {
        await this.linger(group);
        const request = group.takeRequest(this.options.maxRequestBytes);
        if (request) await this.deliver(group, request);
        this.finishSettled(group);
      }
    } finally {
      group.pumping = false;
    }
  }

  /** Waits until the oldest untaken message has lingered long enough, unless a full request waits. */
  private async linger(group: PartitionGroup): Promise<void> {
    const { lingerMs, maxRequestBytes, clock } = this.options;
    if (lingerMs <= 0 || group.untakenBytes() >= maxRequestBytes) return;
    const wait = group.oldestUntakenAt() + lingerMs - clock.now();
    if (wait > 0) await sleep(clock, wait, this.stopping.signal);
  }

  /** Sends one request until it is acknowledged; refused records are isolated by halving it. */
  private async deliver(group: PartitionGroup, request: Request): Promise<void> {
    const { clock } = this.options;
    for (let attempt = 1; !this.stopping.signal.aborted && !this.fatal; attempt += 1) {
      group.inFlightSince = clock.now();
      try {
        await this.sink.send(group.topic, request.messages);
      } catch (error) {
        group.inFlightSince = undefined;
        const kind = this.sink.classify(error);
        if (kind === 'refused') return this.refuse(group, request, error);
        if (kind === 'fatal') return this.failAll(error);
        group.failingCause = failureCause(error);
        const delayMs = backoffDelay(this.options.retry, attempt);
        this.reportRetry(group, request, error, attempt, delayMs);
        await sleep(clock, delayMs, this.stopping.signal);
        continue;
      }
      group.inFlightSince = undefined;
      if (group.failingCause !== undefined) this.reportRecovered(group, attempt);
      group.failingCause = undefined;
      this.acknowledge(group, request);
      return;
    }
  }

  private async refuse(group: PartitionGroup, request: Request, error: unknown): Promise<void> {
    if (request.parts.length > 1) {
      const [first, second] = request.split();
      await this.deliver(group, first);
      await this.deliver(group, second);
      return;
    }
    const reason = failureCause(error);
    const [{ entry, index }] = request.parts;
    entry.refuse(index, reason, error);
    refusedChannel.publish({ topic: group.topic, items: entry.items[index] ?? 1, reason });
  }

  private acknowledge(group: PartitionGroup, request: Request): void {
    let items = 0;
    let bytes = 0;
    for (const { entry, index } of request.parts) {
      entry.settle();
      items += entry.items[index] ?? 1;
      bytes += entry.messages[index].value.length;
    }
    deliveredChannel.publish({
      topic: group.topic,
      messages: request.parts.length,
      bytes,
      items,
      latencyMs: this.options.clock.now() - request.parts[0].entry.enqueuedAt,
    });
  }

  /** Entries whose every message is settled leave the queue, oldest first, and give their room back. */
  private finishSettled(group: PartitionGroup): void {
    while (group.entries.length > 0 && group.entries[0].isSettled()) {
      const entry = group.entries.shift() as Entry;
      this.finish(entry, entry.refusal());
    }
  }

  private finish(entry: Entry, error: ProducerError | undefined): void {
    this.options.budget.release(entry.bytes);
    if (error) entry.reject(error);
    else entry.resolve();
  }

  private failAll(error: unknown): void {
    if (this.fatal) return;
    this.fatal = new ProducerError('DELIVERY_FATAL', `Kafka refuses all deliveries: ${(error as Error).message}`, false, { cause: error });
    for (const group of this.groups.values()) {
      for (const entry of group.entries.splice(0)) this.finish(entry, this.fatal);
    }
    this.options.onFatal(this.fatal);
  }

  private reportRetry(group: PartitionGroup, request: Request, error: unknown, attempt: number, delayMs: number): void {
    const cause = failureCause(error);
    deliveryFailedChannel.publish({ topic: group.topic, messages: request.parts.length, error, cause, willRetry: true });
    const verdict = this.throttle.take(`${group.topic}:${cause}`);
    if (!verdict.report) return;
    this.options.logger.warn(
      { topic: group.topic, partition: group.partition, cause, attempt, retryInMs: delayMs, repeated: verdict.suppressed, reason: (error as Error).message },
      'Kafka is not taking deliveries; retrying until it does (nothing is dropped)',
    );
  }

  private reportRecovered(group: PartitionGroup, attempts: number): void {
    this.throttle.clear(`${group.topic}:${group.failingCause}`);
    this.options.logger.info({ topic: group.topic, partition: group.partition, attempts }, 'Kafka takes deliveries again');
  }
}

function sizeOf(messages: readonly OutgoingMessage[]): number {
  let bytes = 0;
  for (const m of messages) bytes += m.value.length + m.key.length;
  return bytes;
}

