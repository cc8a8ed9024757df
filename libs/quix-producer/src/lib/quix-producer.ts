import { createEncoder, type MessageFormat, type StreamEncoder, type StreamProperties } from '@quix-connectors/message-schema';
import { systemClock, type BackoffPolicy, type Clock } from '@quix-connectors/timing';
import { DeliveryQueue, type Abandoned, type Delivery, type DeliveryHealth } from './delivery/delivery-queue.js';
import { MemoryBudget } from './delivery/memory-budget.js';
import { ProducerError, RecordRefusedError } from './errors.js';
import { childLogger, silentLogger, type Logger } from './logger.js';
import type { Sink } from './sink/sink.js';
import { OutputStream } from './stream/output-stream.js';
import type { RefusalHandler } from './stream/refusal.js';
import type { BufferOptions } from './stream/timeseries-buffer.js';

export interface QuixProducerOptions {
  sink: Sink;
  /** The default topic of streams (the app's output topic, as Kafka names it). */
  topic: string;
  format: MessageFormat;
  maxMessageBytes: number;
  /** Bytes held for Kafka (queued or in flight) before publishing waits or is refused. */
  maxPendingBytes: number;
  buffer: BufferOptions;
  /** How long a message may wait for others to share its produce call, ms (default 0). */
  lingerMs?: number;
  /** Backoff between attempts of a send Kafka does not take (default 200 ms doubling to 5 s). */
  retry?: BackoffPolicy;
  /** A send in flight this long makes the producer not ready (default 3000 ms). */
  stallMs?: number;
  /** Where refused rows and events go unless a stream has its own handler (default: logged). */
  onRefused?: RefusalHandler;
  /** Told once when no record can ever be delivered: the connector must stop. */
  onFatal?: (error: ProducerError) => void;
  logger?: Logger;
  clock?: Clock;
}

export interface StreamOptions {
  properties?: StreamProperties;
  buffer?: Partial<BufferOptions>;
  /** Another topic than the producer's (as Kafka names it). */
  topic?: string;
  /** The source sends again what is not acknowledged (shutdown then counts it as not lost). */
  replayable?: boolean;
  onRefused?: RefusalHandler;
}

export interface ProducerStats {
  queuedMessages: number;
  queuedBytes: number;
  bufferedRows: number;
  streams: number;
}

/** What shutdown could not deliver. */
export interface CloseReport {
  abandoned: Abandoned;
}

/**
 * Publishes Quix streams through one delivery queue. Connect, create streams (on the output
 * topic or any other), publish; `close()` flushes every stream, writes their ends, waits for
 * Kafka's acknowledgements (up to a deadline) and disconnects, saying what it could not deliver.
 */
export class QuixProducer {
  readonly topic: string;
  private readonly encoder: StreamEncoder;
  private readonly queue: DeliveryQueue;
  private readonly streams = new Map<string, OutputStream>();
  private readonly preparedTopics = new Map<string, Promise<void>>();
  private readonly logger: Logger;
  private readonly clock: Clock;
  private connected = false;

  constructor(private readonly options: QuixProducerOptions) {
    this.topic = options.topic;
    this.logger = childLogger(options.logger ?? silentLogger, 'quix-producer');
    this.clock = options.clock ?? systemClock;
    this.encoder = createEncoder(options.format);
    this.queue = new DeliveryQueue(options.sink, {
      budget: new MemoryBudget(options.maxPendingBytes),
      maxRequestBytes: options.maxMessageBytes,
      lingerMs: options.lingerMs ?? 0,
      retry: options.retry ?? { initialMs: 200, maxMs: 5000 },
      stallMs: options.stallMs ?? 3000,
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

  async connect(): Promise<void> {
    await this.options.sink.connect();
    await this.prepareTopic(this.topic);
    this.connected = true;
    this.logger.info({ topic: this.topic, format: this.options.format }, `publishing to ${this.options.sink.description}`);
  }

  /** Ready to publish: connected, deliveries succeeding, room in the queue; else why not. */
  health(): DeliveryHealth {
    const health = this.queue.health();
    if (this.connected) return health;
    return { ready: false, reasons: ['not-connected', ...health.reasons] };
  }

  isReady(): boolean {
    return this.health().ready;
  }

  /** Opens a stream and sends its properties; one stream per topic and id. */
  async createStream(streamId: string, options: StreamOptions = {}): Promise<OutputStream> {
    if (!this.connected) throw new ProducerError('PRODUCER_CLOSED', 'Call connect() before creating streams.', false);
    const topic = options.topic ?? this.topic;
    const name = `${topic}\u0000${streamId}`;
    if (this.streams.has(name)) throw new ProducerError('PRODUCER_CLOSED', `Stream "${streamId}" is already open on "${topic}".`, false);
    await this.prepareTopic(topic);
    const stream = new OutputStream({
      streamId,
      topic,
      properties: options.properties ?? {},
      buffer: { ...this.options.buffer, ...options.buffer },
      encoder: this.encoder,
      queue: this.queue,
      maxMessageBytes: this.options.maxMessageBytes,
      replayable: options.replayable ?? false,
      onRefused: options.onRefused ?? this.options.onRefused ?? ((r) => this.logger.warn({ streamId: r.streamId, reason: r.reason }, `refused: ${r.message}`)),
      onBackgroundError: (err) => this.logger.debug({ err, streamId }, 'a buffered flush ended without delivery'),
      clock: this.clock,
    });
    this.streams.set(name, stream);
    await stream.open();
    return stream;
  }

  /**
   * Queues one message as it is, outside any Quix stream (what Quix's HTTP API Source writes: a
   * JSON body under a key), only if there is room now: undefined when the producer is full.
   * `topic` must have been prepared by `prepare()`.
   */
  tryPublishRaw(topic: string, key: string, value: Buffer, options: { replayable?: boolean } = {}): Delivery | undefined {
    if (!this.connected) throw new ProducerError('PRODUCER_CLOSED', 'Call connect() before publishing.', false);
    if (value.length > this.options.maxMessageBytes) {
      throw new RecordRefusedError(`The message is ${value.length} bytes, over MAX_MESSAGE_BYTES (${this.options.maxMessageBytes}).`, 'MESSAGE_TOO_LARGE', []);
    }
    return this.queue.tryEnqueue(topic, key, [{ key, value, timestamp: String(Math.floor(this.clock.now())) }], { replayable: options.replayable ?? false });
  }

  /** Makes sure a topic exists (created if the producer creates topics) before raw publishing to it. */
  prepare(topic: string): Promise<void> {
    return this.prepareTopic(topic);
  }

  /** Forgets a closed stream (streams of clients that come and go). */
  release(stream: OutputStream): void {
    this.streams.delete(`${stream.topic}\u0000${stream.streamId}`);
  }

  stats(): ProducerStats {
    const depth = this.queue.depth;
    let bufferedRows = 0;
    for (const stream of this.streams.values()) bufferedRows += stream.timeseries.size;
    return { queuedMessages: depth.messages, queuedBytes: depth.bytes, bufferedRows, streams: this.streams.size };
  }

  /**
   * Closes every open stream (flush, end), waits for all acknowledgements, disconnects. What is
   * still unacknowledged when the deadline passes is abandoned and reported, never waited for.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<CloseReport> {
    const closing = (async () => {
      await Promise.allSettled([...this.streams.values()].map((s) => s.close()));
      this.queue.close();
      await this.queue.drain();
    })();
    const outcome = await withDeadline(closing, this.clock, options.deadlineMs);
    const abandoned = outcome === 'timeout'
      ? this.queue.abandon('The shutdown deadline passed before Kafka acknowledged these messages.')
      : { items: 0, replayableItems: 0 };
    this.streams.clear();
    if (this.connected) {
      this.connected = false;
      await this.options.sink.disconnect().catch((err: unknown) => this.logger.warn({ err }, 'disconnecting from Kafka failed'));
    }
    return { abandoned };
  }

  private prepareTopic(topic: string): Promise<void> {
    let prepared = this.preparedTopics.get(topic);
    if (!prepared) {
      prepared = this.options.sink.prepareTopic(topic);
      prepared.catch(() => this.preparedTopics.delete(topic));
      this.preparedTopics.set(topic, prepared);
    }
    return prepared;
  }
}

async function withDeadline(work: Promise<void>, clock: Clock, deadlineMs?: number): Promise<'done' | 'timeout'> {
  if (deadlineMs === undefined) return work.then(() => 'done' as const);
  let timer: { cancel(): void } | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = clock.timer(deadlineMs, () => resolve('timeout'))));
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    timer?.cancel();
  }
}
