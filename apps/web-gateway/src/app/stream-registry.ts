import type { OutputStream, QuixProducer, StreamOptions } from '@quix-connectors/quix-producer';
import type { Clock, Timer } from '@quix-connectors/timing';
import type { Logger } from '@quix-connectors/service';

interface OpenStream {
  opened: Promise<OutputStream>;
  lastUsedAt: number;
}

export interface StreamRegistryOptions {
  producer: Pick<QuixProducer, 'createStream' | 'release'>;
  maxStreams: number;
  idleMs: number;
  clock: Clock;
  logger: Logger;
}

/**
 * The streams clients write to, by Kafka topic and stream id. Opening one twice at once opens it
 * once; a stream nobody wrote to for `idleMs` is closed (its end written), as devices often
 * vanish without closing. At most `maxStreams` are open: a flood of new ids cannot grow memory.
 */
export class StreamRegistry {
  private readonly streams = new Map<string, OpenStream>();
  private timer: Timer | undefined;

  constructor(private readonly options: StreamRegistryOptions) {
    this.scheduleSweep();
  }

  get size(): number {
    return this.streams.size;
  }

  /** The open stream, opened (with `options`) if it is not; undefined when MAX_STREAMS are open. */
  open(topic: string, streamId: string, options: StreamOptions): Promise<OutputStream> | undefined {
    const key = `${topic}\u0000${streamId}`;
    const existing = this.streams.get(key);
    if (existing) {
      existing.lastUsedAt = this.options.clock.now();
      return existing.opened;
    }
    if (this.streams.size >= this.options.maxStreams) return undefined;
    const entry: OpenStream = { opened: this.options.producer.createStream(streamId, { ...options, topic }), lastUsedAt: this.options.clock.now() };
    entry.opened.catch(() => this.streams.delete(key));
    this.streams.set(key, entry);
    return entry.opened;
  }

  has(topic: string, streamId: string): boolean {
    return this.streams.has(`${topic}\u0000${streamId}`);
  }

  /** Closes the stream (writes its end) and forgets it; false when it was not open. */
  async close(topic: string, streamId: string): Promise<boolean> {
    const key = `${topic}\u0000${streamId}`;
    const entry = this.streams.get(key);
    if (!entry) return false;
    this.streams.delete(key);
    const stream = await entry.opened;
    try {
      await stream.close();
    } finally {
      this.options.producer.release(stream);
    }
    return true;
  }

  /** Stops closing idle streams (the producer closes the rest at shutdown). */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private scheduleSweep(): void {
    this.timer = this.options.clock.timer(Math.max(250, Math.floor(this.options.idleMs / 4)), () => {
      this.sweep();
      this.scheduleSweep();
    }, { unref: true });
  }

  private sweep(): void {
    const now = this.options.clock.now();
    for (const [key, entry] of this.streams) {
      if (now - entry.lastUsedAt < this.options.idleMs) continue;
      const [topic, streamId] = key.split('\u0000') as [string, string];
      this.close(topic, streamId).then(
        () => this.options.logger.info({ topic, streamId }, 'closed a stream nobody wrote to for STREAM_IDLE_TIMEOUT_MS'),
        (err: unknown) => this.options.logger.warn({ err, topic, streamId }, 'closing an idle stream failed'),
      );
    }
  }
}
