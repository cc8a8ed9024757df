import type { BadRecords, TransactionalProducer } from '@quix-connectors/quix-producer';
import type { Logger, RunningApp } from '@quix-connectors/service';
import { fixedRate, systemClock, type BackoffPolicy, type Clock, type FixedRate } from '@quix-connectors/timing';
import type { Registry } from 'prom-client';
import type { Dispatcher } from 'undici';
import type { Endpoint } from './endpoint-config.js';
import { EndpointPoller } from './endpoint-poller.js';
import { OAuth2Token, tokenKey } from './oauth2-token.js';
import { pollCommitter } from './poll-commit.js';
import { PollStopped } from './poll-errors.js';
import { createPollMetrics } from './poll-metrics.js';
import { redactUrl, Redactor } from './redact.js';
import { StateLog } from './state-log.js';

export interface RestPollerOptions {
  transactions: Pick<TransactionalProducer, 'stream' | 'commit'>;
  /** The state committed by the last run (the runtime reads the state topic at start). */
  state: ReadonlyMap<string, Buffer>;
  endpoints: readonly Endpoint[];
  dedupeMaxIds: number;
  logger: Logger;
  badRecords: Pick<BadRecords, 'report' | 'refused' | 'policy'>;
  /** Stops the connector with this error (exit 1). */
  fail(error: Error): void;
  /** Aborted when shutdown begins. */
  signal?: AbortSignal;
  clock?: Clock;
  metrics?: Registry;
  dispatcher?: Dispatcher;
  retry?: BackoffPolicy & { random?: () => number };
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
 * name), each poll committed with its state in one transaction. First polls are spread over the
 * interval so many endpoints do not fire together. `close()` stops the schedules, cuts requests
 * and retry waits short, and waits for the polls under way to commit what they fetched.
 */
export function startRestPoller(options: RestPollerOptions): RestPoller {
  const { transactions, logger, badRecords } = options;
  const clock = options.clock ?? systemClock;
  const metrics = createPollMetrics(options.metrics);
  const closing = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, closing.signal]) : closing.signal;
  const stateLog = new StateLog(options.dedupeMaxIds);
  const saved = stateLog.restore(options.state);
  const pollers = new Map<string, EndpointPoller>();
  const schedules: FixedRate[] = [];
  const tokens = new Map<string, OAuth2Token>();
  // Endpoints of one OAuth2 client share its token: one token request for all of them, not one each.
  const tokenFor = (endpoint: Endpoint, redactor: Redactor): OAuth2Token | undefined => {
    if (endpoint.auth.type !== 'oauth2') return undefined;
    const key = tokenKey(endpoint.auth);
    const shared = tokens.get(key);
    if (shared !== undefined) {
      shared.shareWith(redactor);
      return shared;
    }
    const token = new OAuth2Token(endpoint.auth, { clock, timeoutMs: endpoint.timeoutMs, redactor, dispatcher: options.dispatcher, signal });
    tokens.set(key, token);
    return token;
  };

  for (const [index, endpoint] of options.endpoints.entries()) {
    const log = logger.child({ endpoint: endpoint.name });
    const redactor = new Redactor([endpoint]);
    const stream = transactions.stream(endpoint.name, {
      properties: { name: endpoint.name, location: `/rest/${endpoint.name}`, metadata: { source: 'rest-poller', url: redactUrl(endpoint.url) } },
    });
    const poller = new EndpointPoller(endpoint, saved.get(endpoint.name), options.dedupeMaxIds, {
      clock,
      dispatcher: options.dispatcher,
      signal,
      retry: options.retry,
      redactor,
      token: tokenFor(endpoint, redactor),
      commit: pollCommitter({ endpoint: endpoint.name, transactions, stream, stateLog, badRecords, fail: options.fail }),
      reportBad: (bad) => {
        badRecords.report(bad);
        return badRecords.policy !== 'fail';
      },
      onFailure: (f) => {
        metrics.failed(endpoint.name, f.kind);
        const err = f.kind === 'network' && f.cause !== undefined ? { err: redactor.error(f.cause) } : {};
        const fields = { url: f.url, status: f.status, kind: f.kind, ...err };
        // At shutdown a request cut short is expected: its records are fetched again next run.
        if (signal.aborted) log.debug(fields, `poll stopped by shutdown: ${f.message}`);
        else log.warn(fields, `poll failed: ${f.message}`);
      },
      onRetry: ({ url, status, waitMs, attempt }) => {
        metrics.retried(endpoint.name);
        log.info({ url, status, waitMs, attempt }, 'retrying');
      },
    });
    pollers.set(endpoint.name, poller);

    if (options.schedule === false) continue;
    const tick = async () => {
      const { pages, published, duplicates, bad, notModified, failure } = await poller.poll();
      metrics.polled(endpoint.name, notModified);
      metrics.published(endpoint.name, published, duplicates);
      log.debug({ pages, published, duplicates, bad, notModified, failed: failure?.kind }, 'polled');
    };
    const onError = (error: unknown) => {
      if (error instanceof PollStopped) return; // the bad record was reported, and the connector is stopping
      log.warn({ err: redactor.error(error) }, 'a poll was not committed; the next poll fetches its records again');
    };
    const offsetMs = Math.floor((index * endpoint.intervalMs) / options.endpoints.length);
    schedules.push(fixedRate(tick, onError, { intervalMs: endpoint.intervalMs, offsetMs, clock, onLateness: options.onLateness }));
  }
  logger.info({ endpoints: options.endpoints.map((e) => e.name) }, 'polling');

  return {
    pollers,
    async close() {
      closing.abort();
      await Promise.all(schedules.map((s) => s.stop()));
    },
  };
}
