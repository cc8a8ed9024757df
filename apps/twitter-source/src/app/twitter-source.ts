import type { BadRecords, QuixProducer } from '@quix-connectors/quix-producer';
import type { Logger, RunningApp, SourceReadiness } from '@quix-connectors/service';
import type { Registry } from 'prom-client';
import { systemClock, type Clock } from './clock.js';
import { TwitterSourceError } from './errors.js';
import type { ReceivedPost } from './post-format.js';
import { PostQueue } from './post-queue.js';
import { runPublisher } from './publisher.js';
import type { DeclaredRule } from './rules-config.js';
import { syncRules } from './rule-sync.js';
import { StreamReader } from './stream-reader.js';
import { createTwitterMetrics } from './twitter-metrics.js';
import type { OutputMode } from './twitter-variables.js';
import { XClient, type StreamQuery } from './x-client.js';

export interface TwitterSourceOptions {
  producer: QuixProducer;
  logger: Logger;
  metrics: Registry;
  apiBaseUrl: string;
  bearerToken: string;
  userAgent: string;
  /** undefined: rules are not managed. */
  rules: DeclaredRule[] | undefined;
  keepUndeclaredRules: boolean;
  query: StreamQuery;
  outputMode: OutputMode;
  streamId: string;
  queueCapacity: number;
  /** Silence after which the stream is reconnected: X's keep-alive interval plus a jitter margin. */
  stallTimeoutMs: number;
  resetConnections: boolean;
  /** The wait before trying again once X says the account's usage cap is reached. */
  usageCapRetryMs: number;
  /** Not ready (`x-usage-capped`) while X says the account's usage cap is reached. */
  readiness: SourceReadiness;
  maxLineBytes: number;
  /** Lines that cannot become a post go here (BAD_RECORD_POLICY). */
  badRecords: Pick<BadRecords, 'report'>;
  clock?: Clock;
  /** Told of each batch Kafka acknowledged (benchmarks, diagnostics); must not throw. */
  onAcked?(posts: readonly ReceivedPost[], atMs: number): void;
  /** Told when the source stops by itself for good (401/403); the process should exit 1. */
  onFatal(error: Error): void;
}

export interface TwitterSource extends RunningApp {
  readonly queue: PostQueue<ReceivedPost>;
}

/**
 * X filtered stream -> bounded queue -> Quix stream. Reconciles the rules first (a rejected rule
 * stops the start with X's reasons). `close()` stops reading, publishes everything already read,
 * and closes the stream.
 */
export async function startTwitterSource(options: TwitterSourceOptions): Promise<TwitterSource> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  let depth = () => 0;
  const m = createTwitterMetrics(options.metrics, () => depth());
  const client = new XClient({ baseUrl: options.apiBaseUrl, bearerToken: options.bearerToken, userAgent: options.userAgent, clock });

  if (options.rules === undefined) {
    logger.info('TWITTER_RULES is not set: the rules on the account are left as they are');
  } else {
    try {
      const result = await syncRules(client, options.rules, options.keepUndeclaredRules, logger);
      m.ruleSyncs.inc({ result: 'ok' });
      for (const outcome of ['added', 'deleted', 'kept'] as const) m.rules.set({ outcome }, result[outcome]);
    } catch (err) {
      m.ruleSyncs.inc({ result: err instanceof TwitterSourceError && err.code === 'X_RULES_INVALID' ? 'invalid' : 'failed' });
      await client.close();
      throw err;
    }
  }

  const stream = await options.producer.createStream(options.streamId, {
    properties: { name: 'X filtered stream', location: '/twitter', metadata: { source: 'twitter-source' } },
  });
  let fullWarnings = 0;
  const queue = new PostQueue<ReceivedPost>(
    options.queueCapacity,
    {
      onFull(depth) {
        m.queueFull.inc();
        fullWarnings += 1;
        logger.warn({ depth, capacity: options.queueCapacity, times: fullWarnings }, 'QUEUE FULL: Kafka is not keeping up; reading the stream pauses until there is room (nothing is dropped; X may disconnect a slow reader)');
      },
      onRoom(blockedMs) {
        m.queueBlocked.inc(blockedMs / 1000);
        logger.warn({ blockedMs }, 'queue has room again; reading resumes');
      },
    },
    clock.now,
  );
  m.queueCapacity.set(options.queueCapacity);
  depth = () => queue.depth;

  const publishing = runPublisher({
    queue,
    stream,
    mode: options.outputMode,
    logger,
    clock,
    onAcked(posts) {
      const now = clock.now();
      m.published.inc(posts.length);
      for (const p of posts) m.latency.observe((now - p.receivedAtMs) / 1000);
      options.onAcked?.(posts, now);
    },
  });

  const reader = new StreamReader({
    client,
    query: options.query,
    clock,
    logger,
    stallTimeoutMs: options.stallTimeoutMs,
    resetConnections: options.resetConnections,
    usageCapRetryMs: options.usageCapRetryMs,
    maxLineBytes: options.maxLineBytes,
    reportBad: (bad) => options.badRecords.report(bad), // counted in quix_bad_records_total
    deliver(post) {
      m.received.inc();
      return queue.tryPut(post) ? undefined : queue.put(post);
    },
    events: {
      connected() {
        m.connected.set(1);
        m.backoff.set(0);
      },
      usageCapped(capped) {
        m.usageCapped.set(capped ? 1 : 0);
        options.readiness.set('x-usage-capped', capped);
      },
      disconnected(label, kind, waitMs) {
        m.connected.set(0);
        m.reconnects.inc({ reason: label, kind });
        m.backoff.set(waitMs / 1000);
      },
    },
  });
  reader.done.catch((err: Error) => {
    m.connected.set(0);
    logger.fatal({ err }, err.message);
    options.onFatal(err);
  });

  logger.info({ streamId: options.streamId, outputMode: options.outputMode, api: options.apiBaseUrl }, 'reading the X filtered stream');
  return {
    queue,
    async close() {
      await reader.stop();
      queue.close();
      await publishing;
      await stream.close();
      await client.close();
      logger.info('stream reading stopped; every post read was published');
    },
  };
}
