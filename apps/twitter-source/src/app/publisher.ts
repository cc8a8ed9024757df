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
  /** Most posts taken from the queue at once (the producer splits them into requests it can send). */
  maxBatch?: number;
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
    await publishBatch(options, batch);
    queue.release(batch.length);
    try {
      options.onAcked(batch);
    } catch {
      // observation never breaks publishing
    }
  }
}

async function publishBatch(
  { stream, mode, logger, clock }: PublisherOptions,
  batch: ReceivedPost[],
): Promise<void> {
  for (;;) {
    try {
      if (mode !== 'events') {
        await stream.timeseries.add(batch.map(postToRow));
        await stream.timeseries.flush();
      }
      if (mode !== 'rows') await stream.publishEvents(batch.map(postToEvent));
      return;
    } catch (err) {
      // The producer retries retriable errors itself; reaching here means it gave up on this
      // batch. Sending it again may duplicate part of it, which beats losing it.
      logger.error(
        { err, posts: batch.length },
        'publishing posts failed; sending them again',
      );
      await clock.sleep(1000);
    }
  }
}
