import { createEncoder, type MessageFormat, type StreamEncoder, type StreamProperties } from '@quix-connectors/message-schema';
import { DeliveryQueue } from './delivery/delivery-queue.js';
import type { Timers } from './delivery/backoff.js';
import { ProducerError } from './errors.js';
import { childLogger, silentLogger, type Logger } from './logger.js';
import type { Sink } from './sink/sink.js';
import { OutputStream } from './stream/output-stream.js';
import type { BufferOptions } from './stream/timeseries-buffer.js';

export interface QuixProducerOptions {
  sink: Sink;
  topic: string;
  format: MessageFormat;
  maxMessageBytes: number;
  maxPendingBytes: number;
  buffer: BufferOptions;
  /** How long a message may wait for others to share its produce call, ms (default 0). */
  lingerMs?: number;
  logger?: Logger;
  timers?: Timers;
}

export interface StreamOptions {
  properties?: StreamProperties;
  buffer?: Partial<BufferOptions>;
}

export interface ProducerStats {
  queuedMessages: number;
  queuedBytes: number;
  bufferedRows: number;
  streams: number;
}

/**
 * Publishes Quix streams to one topic. Connect, create streams, publish; `close()` flushes every
 * stream, writes their ends, waits for Kafka's acknowledgements and disconnects.
 */
export class QuixProducer {
  readonly topic: string;
  private readonly encoder: StreamEncoder;
  private readonly queue: DeliveryQueue;
  private readonly streams = new Map<string, OutputStream>();
  private readonly logger: Logger;
  private connected = false;

  constructor(private readonly options: QuixProducerOptions) {
    this.topic = options.topic;
    this.logger = childLogger(options.logger ?? silentLogger, 'quix-producer');
    this.encoder = createEncoder(options.format);
    this.queue = new DeliveryQueue(options.sink, {
      topic: options.topic,
      maxPendingBytes: options.maxPendingBytes,
      maxRequestBytes: options.maxMessageBytes,
      retry: { initialMs: 500, maxMs: 30_000 },
      lingerMs: options.lingerMs,
      logger: this.logger,
      timers: options.timers,
    });
  }

  get description(): string {
    return `${this.options.sink.description}, topic "${this.topic}", format ${this.options.format}`;
  }

  async connect(): Promise<void> {
    await this.options.sink.connect(this.topic);
    this.connected = true;
    this.logger.info({ topic: this.topic, format: this.options.format }, `publishing to ${this.options.sink.description}`);
  }

  /** Connected, and deliveries are not failing. */
  isReady(): boolean {
    return this.connected && this.options.sink.isReady() && !this.queue.isFailing;
  }

  /** Opens a stream and sends its properties; one stream per id. */
  async createStream(streamId: string, options: StreamOptions = {}): Promise<OutputStream> {
    if (!this.connected) throw new ProducerError('PRODUCER_CLOSED', 'Call connect() before creating streams.', false);
    if (this.streams.has(streamId)) throw new ProducerError('PRODUCER_CLOSED', `Stream "${streamId}" is already open.`, false);
    const stream = new OutputStream({
      streamId,
      properties: options.properties ?? {},
      buffer: { ...this.options.buffer, ...options.buffer },
      encoder: this.encoder,
      queue: this.queue,
      maxMessageBytes: this.options.maxMessageBytes,
      onBackgroundError: (err) => this.logger.error({ err, streamId }, 'a buffered flush failed'),
    });
    this.streams.set(streamId, stream);
    await stream.open();
    return stream;
  }

  stats(): ProducerStats {
    const depth = this.queue.depth;
    let bufferedRows = 0;
    for (const stream of this.streams.values()) bufferedRows += stream.timeseries.size;
    return { queuedMessages: depth.messages, queuedBytes: depth.bytes, bufferedRows, streams: this.streams.size };
  }

  /**
   * Closes every open stream (flush, end), waits for all acknowledgements, disconnects. With a
   * deadline, whatever is still unacknowledged then is reported as lost rather than waited for.
   */
  async close(options: { deadlineMs?: number } = {}): Promise<void> {
    const closing = (async () => {
      await Promise.allSettled([...this.streams.values()].map((s) => s.close()));
      this.queue.close();
      await this.queue.drain();
    })();
    const outcome = await withDeadline(closing, options.deadlineMs);
    if (outcome === 'timeout') {
      const lost = this.queue.abort('The shutdown deadline passed before Kafka acknowledged these messages.');
      this.logger.error({ lostItems: lost }, 'shutdown deadline passed with rows or events unacknowledged');
    }
    this.streams.clear();
    if (this.connected) {
      this.connected = false;
      await this.options.sink.disconnect();
    }
  }
}

async function withDeadline(work: Promise<void>, deadlineMs?: number): Promise<'done' | 'timeout'> {
  if (deadlineMs === undefined) return work.then(() => 'done' as const);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), deadlineMs)));
  try {
    return await Promise.race([work.then(() => 'done' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
