import { randomUUID } from 'node:crypto';
import { ackedOrWithdrawn, type Delivery, type OutputStream, type QuixProducer } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { FixedDelayTimers, type Clock } from '@quix-connectors/timing';
import { AccessDenied, type Principal } from './access.js';
import { eventRecords, parameterDataRows, streamDetails } from './writer-bodies.js';
import { WriterError } from './writer-errors.js';
import { StreamRegistry } from './stream-registry.js';

export interface GatewayWriterOptions {
  producer: Pick<QuixProducer, 'createStream' | 'release'>;
  /** The Kafka topic of a topic name (its Quix Cloud id, or the name). */
  topicId(name: string): string;
  maxStreams: number;
  streamIdleMs: number;
  /** A write not yet handed to Kafka this long after it came is withdrawn and answered 503. */
  publishTimeoutMs: number;
  retryAfterS: number;
  clock: Clock;
  logger: Logger;
}

/** Kafka's rule for topic names. */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}
const isStreamId = (id: string) => id.length >= 1 && id.length <= 256 && !hasControlCharacter(id);

/**
 * The Writer API's operations, shared by its HTTP routes and its SignalR hub. Each resolves only
 * once Kafka acknowledged what it wrote, or fails with a WriterError saying what the client
 * should do (fix the body, get access, or retry later). Writing to a stream nobody created opens
 * it, as the Writer API did.
 */
export class GatewayWriter {
  private readonly streams: StreamRegistry;
  /** One publish timeout per write, all on one clock timer. */
  private readonly publishTimeouts: FixedDelayTimers;

  constructor(private readonly options: GatewayWriterOptions) {
    this.publishTimeouts = new FixedDelayTimers(options.clock, options.publishTimeoutMs);
    this.streams = new StreamRegistry({ producer: options.producer, maxStreams: options.maxStreams, idleMs: options.streamIdleMs, clock: options.clock, logger: options.logger });
  }

  get openStreams(): number {
    return this.streams.size;
  }

  async createStream(principal: Principal, topic: string, body: unknown): Promise<{ streamId: string }> {
    const { streamId: requested, ...properties } = streamDetails(body);
    const streamId = requested ?? randomUUID();
    checkStreamId(streamId);
    const kafkaTopic = this.writable(principal, topic);
    if (this.streams.has(kafkaTopic, streamId)) await (await this.stream(kafkaTopic, streamId)).updateProperties(properties);
    else await this.openStream(kafkaTopic, streamId, properties);
    return { streamId };
  }

  async updateStream(principal: Principal, topic: string, streamId: string, body: unknown): Promise<void> {
    checkStreamId(streamId);
    const properties = streamDetails(body);
    delete properties.streamId;
    const kafkaTopic = this.writable(principal, topic);
    if (!this.streams.has(kafkaTopic, streamId)) return void (await this.openStream(kafkaTopic, streamId, properties));
    await (await this.stream(kafkaTopic, streamId)).updateProperties(properties);
  }

  async sendParameterData(principal: Principal, topic: string, streamId: string, body: unknown): Promise<void> {
    checkStreamId(streamId);
    const rows = parameterDataRows(body);
    const stream = await this.stream(this.writable(principal, topic), streamId);
    await this.acked(stream.tryPublishRows(rows));
  }

  async sendEventData(principal: Principal, topic: string, streamId: string, body: unknown): Promise<void> {
    checkStreamId(streamId);
    const events = eventRecords(body);
    const stream = await this.stream(this.writable(principal, topic), streamId);
    await this.acked(stream.tryPublishEvents(events));
  }

  async closeStream(principal: Principal, topic: string, streamId: string): Promise<void> {
    checkStreamId(streamId);
    const kafkaTopic = this.writable(principal, topic);
    if (!(await this.streams.close(kafkaTopic, streamId))) throw new WriterError(404, `Stream "${streamId}" is not open on topic "${topic}".`);
  }

  stop(): void {
    this.streams.stop();
  }

  private writable(principal: Principal, topic: string): string {
    if (!TOPIC_NAME.test(topic)) throw new WriterError(400, `Invalid topic name "${topic.slice(0, 100)}": Kafka topic names are 1 to 249 of a-z A-Z 0-9 . _ -`);
    if (!principal.canWrite(topic)) throw new AccessDenied(403, `This token may not write to topic "${topic}".`);
    return this.options.topicId(topic);
  }

  private stream(kafkaTopic: string, streamId: string): Promise<OutputStream> {
    return this.openStream(kafkaTopic, streamId, {});
  }

  private openStream(kafkaTopic: string, streamId: string, properties: Parameters<OutputStream['updateProperties']>[0]): Promise<OutputStream> {
    // replayable: a client whose write failed is told so and sends it again.
    const opened = this.streams.open(kafkaTopic, streamId, { properties, replayable: true });
    if (!opened) throw new WriterError(503, `The gateway has ${this.options.maxStreams} streams open (MAX_STREAMS); close some or retry later.`, this.options.retryAfterS);
    return opened;
  }

  /**
   * Waits for Kafka's ack. Past PUBLISH_TIMEOUT_MS (the broker is down), a write still queued is
   * withdrawn, so the client's retry is not a duplicate; one already sent waits for Kafka's answer.
   */
  private async acked(delivery: Delivery | undefined): Promise<void> {
    if (!delivery) throw new WriterError(503, 'Kafka is not keeping up: the gateway holds as much as MAX_PENDING_BYTES allows. Retry later.', this.options.retryAfterS);
    if ((await ackedOrWithdrawn(delivery, (onFire) => this.publishTimeouts.start(onFire))) === 'withdrawn') {
      throw new WriterError(503, `Kafka did not take the write within PUBLISH_TIMEOUT_MS (${this.options.publishTimeoutMs} ms); it was not written. Retry later.`, this.options.retryAfterS);
    }
  }

}

function checkStreamId(streamId: string): void {
  if (!isStreamId(streamId)) throw new WriterError(400, 'Invalid stream id: 1 to 256 characters, no control characters.');
}
