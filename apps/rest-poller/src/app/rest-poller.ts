import type { QuixProducer } from '@quix-connectors/quix-producer';
import type { Logger, RunningApp } from '@quix-connectors/service';
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Endpoint } from './endpoint-config.js';
import { EndpointPoller } from './endpoint-poller.js';
import { fixedRate, systemClock, type Clock, type FixedRate } from '@quix-connectors/timing';
import { createPollMetrics } from './poll-metrics.js';
import type { StateStore } from './state-store.js';

export interface RestPollerOptions {
  producer: QuixProducer;
  endpoints: readonly Endpoint[];
  store: StateStore;
  logger: Logger;
  dedupeMaxIds: number;
  clock?: Clock;
  metrics?: Registry;
  dispatcher?: Dispatcher;
  retry?: { initialMs: number; maxMs: number; random?: () => number };
  /** Start the fixed-rate schedules (default true); tests drive `poll()` themselves. */
  schedule?: boolean;
  /** How late each scheduled poll started, ms. */
  onLateness?: (lateMs: number) => void;
}

export interface RestPoller extends RunningApp {
  readonly pollers: ReadonlyMap<string, EndpointPoller>;
}

/**
 * Polls every endpoint on its own fixed-rate schedule into its own stream (stream id = endpoint
 * name). First polls are spread over the interval so many endpoints do not fire together.
 * `close()` stops the schedules, lets polls under way finish, and closes the streams.
 */
export async function startRestPoller(options: RestPollerOptions): Promise<RestPoller> {
  const { producer, store, logger } = options;
  const clock = options.clock ?? systemClock;
  const metrics = createPollMetrics(options.metrics);
  const shutdown = new AbortController();
  const saved = await store.load();
  const pollers = new Map<string, EndpointPoller>();
  const schedules: FixedRate[] = [];

  for (const [index, endpoint] of options.endpoints.entries()) {
    const log = logger.child({ endpoint: endpoint.name });
    const stream = await producer.createStream(endpoint.name, {
      properties: { name: endpoint.name, location: `/rest/${endpoint.name}`, metadata: { source: 'rest-poller', url: redactedUrl(endpoint.url) } },
    });
    const poller = new EndpointPoller(endpoint, saved.get(endpoint.name), options.dedupeMaxIds, {
      stream,
      clock,
      dispatcher: options.dispatcher,
      signal: shutdown.signal,
      retry: options.retry,
      saveState: (state) => store.save(endpoint.name, state),
      onFailure: (f) => {
        metrics.failed(endpoint.name, f.kind);
        log.warn({ url: redactedUrl(f.url), status: f.status, kind: f.kind, err: f.cause }, `poll failed: ${f.message}`);
      },
      onRetry: ({ url, status, waitMs, attempt }) => {
        metrics.retried(endpoint.name);
        log.info({ url: redactedUrl(url), status, waitMs, attempt }, 'retrying');
      },
    });
    pollers.set(endpoint.name, poller);
    if (options.schedule === false) continue;
    const tick = async () => {
      const outcome = await poller.poll();
      metrics.polled(endpoint.name, outcome.notModified);
      metrics.published(endpoint.name, outcome.published, outcome.duplicates);
      log.debug(outcome, 'polled');
    };
    const offsetMs = Math.floor((index * endpoint.intervalMs) / options.endpoints.length);
    schedules.push(
      fixedRate(tick, (err) => log.error({ err }, 'a poll could not be published; its records will be fetched again'), {
        intervalMs: endpoint.intervalMs,
        offsetMs,
        clock,
        onLateness: options.onLateness,
      }),
    );
  }
  logger.info({ endpoints: options.endpoints.map((e) => e.name) }, 'polling');

  return {
    pollers,
    async close() {
      shutdown.abort();
      await Promise.all(schedules.map((s) => s.stop()));
      await store.close();
    },
  };
}

const SECRET_PARAM = /key|token|secret|pass|sig|auth/i;

/** The URL without user info and with secret-looking query values hidden, for logs and metadata. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    for (const name of [...u.searchParams.keys()]) if (SECRET_PARAM.test(name)) u.searchParams.set(name, 'redacted');
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
