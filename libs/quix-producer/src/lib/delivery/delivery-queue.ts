import { deliveredChannel, deliveryFailedChannel } from '../diagnostics.js';
import { ProducerError, isRetriable } from '../errors.js';
import type { Logger } from '../logger.js';
import type { OutgoingMessage, Sink } from '../sink/sink.js';
import { backoffDelay, realTimers, type BackoffPolicy, type Timers } from './backoff.js';

/** Wraps the acknowledgement so that `await enqueue()` waits for room, not for the ack. */
export interface Delivery {
  acked: Promise<void>;
}

interface Entry {
  messages: OutgoingMessage[];
  /** Messages of this entry already acknowledged (an entry may span several requests). */
  acked: number;
  bytes: number;
  items: number;
  enqueuedAt: number;
  resolve(): void;
  reject(error: unknown): void;
}

/** One produce call: a run of messages, possibly starting or ending inside an entry. */
interface Request {
  entries: Entry[];
  /** Messages taken from each entry, in order. */
  counts: number[];
  messages: OutgoingMessage[];
  bytes: number;
}

/** Record and batch framing Kafka adds around each message and each request (a safe upper bound). */
const RECORD_OVERHEAD_BYTES = 40;
const BATCH_OVERHEAD_BYTES = 128;

const messageCost = (m: OutgoingMessage) => m.value.length + m.key.length + RECORD_OVERHEAD_BYTES;

export interface DeliveryQueueOptions {
  topic: string;
  /** Bytes queued or in flight before `enqueue` waits (back-pressure). */
  maxPendingBytes: number;
  /**
   * Upper bound of one produce call. Messages of one stream share a key, hence a partition, hence
   * one record batch per call, and the broker refuses a batch over its message.max.bytes: so this
   * is at most the largest message the topic takes.
   */
  maxRequestBytes: number;
  retry: BackoffPolicy;
  /**
   * How long the oldest queued message may wait for others to join its send, ms (librdkafka's
   * linger.ms, whose default of 5 quixstreams inherits). Fewer, fuller produce calls cost far less
   * CPU than many small ones; 0 sends at once.
   */
  lingerMs?: number;
  logger: Logger;
  timers?: Timers;
}

/**
 * The one path to the sink. Everything enqueued while a send is in flight goes out together in
 * the next send, so concurrent publishers share round trips; sends run one at a time, so order
 * holds. A failed send is retried with backoff, in order, until it succeeds or the error is one
 * a retry cannot cure; only then are its publishers told it failed. Memory is bounded: enqueue
 * waits while too many bytes are pending.
 */
export class DeliveryQueue {
  private readonly queue: Entry[] = [];
  private readonly roomWaiters: (() => void)[] = [];
  private pendingBytes = 0;
  private pumping = false;
  private closed = false;
  private failing = false;
  private readonly timers: Timers;

  constructor(
    private readonly sink: Sink,
    private readonly options: DeliveryQueueOptions,
  ) {
    this.timers = options.timers ?? realTimers;
  }

  /** Resolves once the messages are queued (after waiting for room); `acked` once Kafka has them. */
  async enqueue(messages: OutgoingMessage[], items = messages.length): Promise<Delivery> {
    const bytes = messages.reduce((sum, m) => sum + m.value.length + m.key.length, 0);
    // A lone entry bigger than the limit still goes, or it could never be sent.
    while (!this.closed && this.pendingBytes > 0 && this.pendingBytes + bytes > this.options.maxPendingBytes) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.closed) throw new ProducerError('PRODUCER_CLOSED', 'The producer is closed; nothing more can be published.', false);
    const acked = new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, acked: 0, bytes, items, enqueuedAt: this.timers.now(), resolve, reject });
    });
    acked.catch(() => undefined); // the publisher handles it; never an unhandled rejection here
    this.pendingBytes += bytes;
    void this.pump();
    return { acked };
  }

  async publish(messages: OutgoingMessage[], items?: number): Promise<void> {
    return (await this.enqueue(messages, items)).acked;
  }

  get depth(): { messages: number; bytes: number } {
    return { messages: this.queue.reduce((n, e) => n + e.messages.length - e.acked, 0), bytes: this.pendingBytes };
  }

  /** True while sends keep failing; readiness reports it. */
  get isFailing(): boolean {
    return this.failing;
  }

  /** Resolves when everything enqueued so far is acknowledged or has failed. */
  async drain(): Promise<void> {
    const outstanding = this.queue.map((e) => new Promise<void>((resolve) => this.onSettled(e, resolve)));
    await Promise.all(outstanding);
  }

  /** Refuses new messages; what is queued keeps going until `abort`. */
  close(): void {
    this.closed = true;
    this.roomWaiters.splice(0).forEach((wake) => wake());
  }

  /** Fails everything still queued (after a shutdown deadline), so no publisher waits forever. */
  abort(reason: string): number {
    this.close();
    const lost = this.queue.splice(0);
    for (const entry of lost) entry.reject(new ProducerError('SHUTDOWN_TIMEOUT', reason, false));
    return lost.reduce((n, e) => n + e.items, 0);
  }

  private onSettled(entry: Entry, done: () => void): void {
    const { resolve, reject } = entry;
    entry.resolve = () => (resolve(), done());
    entry.reject = (error) => (reject(error), done());
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        await this.linger();
        if (this.queue.length > 0) await this.sendWithRetry(this.takeRequest());
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Waits until the oldest message has lingered long enough, unless a full request is waiting. */
  private async linger(): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs <= 0 || this.pendingBytes >= this.options.maxRequestBytes) return;
    const wait = this.queue[0].enqueuedAt + lingerMs - this.timers.now();
    if (wait > 0) await this.timers.sleep(wait);
  }

  /** The next messages in order, as many as fit in one request (always at least one). */
  private takeRequest(): Request {
    const request: Request = { entries: [], counts: [], messages: [], bytes: BATCH_OVERHEAD_BYTES };
    for (const entry of this.queue) {
      let count = 0;
      for (let i = entry.acked; i < entry.messages.length; i += 1) {
        const cost = messageCost(entry.messages[i]);
        if (request.messages.length > 0 && request.bytes + cost > this.options.maxRequestBytes) break;
        request.messages.push(entry.messages[i]);
        request.bytes += cost;
        count += 1;
      }
      if (count > 0) {
        request.entries.push(entry);
        request.counts.push(count);
      }
      if (entry.acked + count < entry.messages.length) break; // the request is full
    }
    return request;
  }

  private async sendWithRetry(request: Request): Promise<void> {
    const { topic } = this.options;
    const { messages } = request;
    for (let attempt = 1; ; attempt += 1) {
      if (this.queue[0] !== request.entries[0]) return; // aborted meanwhile
      try {
        await this.sink.send(topic, messages);
        this.failing = false;
        this.acknowledge(request);
        return;
      } catch (error) {
        const willRetry = isRetriable(error) && this.queue[0] === request.entries[0];
        deliveryFailedChannel.publish({ topic, messages: messages.length, error, willRetry });
        if (!willRetry) {
          const failure = new ProducerError('DELIVERY_FAILED', `Kafka refused ${messages.length} message(s) to "${topic}": ${(error as Error).message}`, false, { cause: error });
          this.settle(request.entries, (e) => e.reject(failure));
          return;
        }
        this.failing = true;
        const delay = backoffDelay(this.options.retry, attempt);
        this.options.logger.warn({ err: error, topic, attempt, retryInMs: delay }, 'delivery failed; retrying');
        await this.timers.sleep(delay);
      }
    }
  }

  /** Counts the request's messages as acknowledged; entries with all their messages acked resolve. */
  private acknowledge(request: Request): void {
    request.entries.forEach((entry, i) => (entry.acked += request.counts[i]));
    const done = request.entries.filter((e) => e.acked === e.messages.length);
    this.settle(done, (e) => e.resolve());
    const items = done.reduce((n, e) => n + e.items, 0);
    deliveredChannel.publish({
      topic: this.options.topic,
      messages: request.messages.length,
      bytes: request.messages.reduce((n, m) => n + m.value.length, 0),
      items,
      latencyMs: this.timers.now() - request.entries[0].enqueuedAt,
    });
  }

  /** Removes finished entries (always the oldest ones) and wakes publishers waiting for room. */
  private settle(entries: Entry[], finish: (entry: Entry) => void): void {
    this.queue.splice(0, entries.length);
    for (const entry of entries) {
      this.pendingBytes -= entry.bytes;
      finish(entry);
    }
    this.roomWaiters.splice(0).forEach((wake) => wake());
  }
}
