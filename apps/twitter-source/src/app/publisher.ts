import type { OutputStream } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { postToEvent, postToRow, type ReceivedPost } from './post-format.js';
import type { Clock } from './clock.js';
import type { PostQueue } from './post-queue.js';
import type { OutputMode } from './twitter-variables.js';

export interface PublisherOptions {
  queue: PostQueue<ReceivedPost>;
  stream: OutputStream;
  mode: OutputMode;
  logger: Logger;
  clock: Clock;
  /** Most posts taken from the queue at once. */
  maxBatch?: number;
  /**
   * Most bytes (estimated from the raw JSON) handed to the producer before waiting for the ack.
   * Everything of one stream goes to one partition, so what the producer sends at once is one
   * record batch, which the broker refuses beyond its message.max.bytes (1 MB by default).
   */
  maxChunkBytes: number;
  /** Told once Kafka acknowledged a batch; must not throw. */
  onAcked(posts: readonly ReceivedPost[]): void;
}

/**
 * Takes what the reader queued, in batches, and publishes it: rows, events or both; each batch is
 * flushed and acknowledged before its room in the queue is given back. The batch grows with the
 * backlog, so throughput follows the broker while latency stays one round trip at low rates.
 * Resolves when the queue is closed and drained.
 */
export async function runPublisher(options: PublisherOptions): Promise<void> {
  const { queue } = options;
  const maxBatch = options.maxBatch ?? 5000;
  for (;;) {
    const batch = await queue.take(maxBatch);
    if (batch.length === 0) return;
    for (const chunk of chunksByBytes(batch, options.maxChunkBytes)) {
      await publishChunk(options, chunk);
      queue.release(chunk.length);
      try {
        options.onAcked(chunk);
      } catch {
        // observation never breaks publishing
      }
    }
  }
}

async function publishChunk(
  { stream, mode, logger, clock }: PublisherOptions,
  chunk: ReceivedPost[],
): Promise<void> {
  for (;;) {
    try {
      if (mode !== 'events') {
        await stream.timeseries.add(chunk.map(postToRow));
        await stream.timeseries.flush();
      }
      if (mode !== 'rows') await stream.publishEvents(chunk.map(postToEvent));
      return;
    } catch (err) {
      // The producer retries retriable errors itself; reaching here means it gave up on this
      // batch. Sending it again may duplicate part of it, which beats losing it.
      logger.error(
        { err, posts: chunk.length },
        'publishing posts failed; sending them again',
      );
      await clock.sleep(1000);
    }
  }
}

/** A post's size in the output, estimated from its raw line (JSON escaping, row or event framing). */
const estimatedBytes = (post: ReceivedPost) => post.raw.length * 1.2 + 250;

function chunksByBytes(
  posts: ReceivedPost[],
  maxBytes: number,
): ReceivedPost[][] {
  const chunks: ReceivedPost[][] = [];
  let current: ReceivedPost[] = [];
  let bytes = 0;
  for (const post of posts) {
    const size = estimatedBytes(post);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(post);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
