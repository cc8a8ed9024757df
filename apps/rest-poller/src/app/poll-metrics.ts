import { Counter, type Registry } from 'prom-client';
import type { PollFailureKind } from './poll-errors.js';

/** Counters of polling, by endpoint; observed only, never in the way of polling. */
export interface PollMetrics {
  polled(endpoint: string, notModified: boolean): void;
  published(endpoint: string, rows: number, duplicates: number): void;
  failed(endpoint: string, kind: PollFailureKind): void;
  retried(endpoint: string): void;
}

export function createPollMetrics(registry: Registry | undefined): PollMetrics {
  const registers = registry ? [registry] : [];
  const polls = new Counter({ name: 'rest_poller_polls_total', help: 'Polls finished, by endpoint and whether the data was unchanged (304)', labelNames: ['endpoint', 'not_modified'], registers });
  const rows = new Counter({ name: 'rest_poller_rows_published_total', help: 'Records published and acknowledged', labelNames: ['endpoint'], registers });
  const duplicates = new Counter({ name: 'rest_poller_duplicates_total', help: 'Records skipped because their id was already published', labelNames: ['endpoint'], registers });
  const failures = new Counter({ name: 'rest_poller_failures_total', help: 'Pages that could not be used, by kind', labelNames: ['endpoint', 'kind'], registers });
  const retries = new Counter({ name: 'rest_poller_retries_total', help: 'Requests retried', labelNames: ['endpoint'], registers });
  return {
    polled: (endpoint, notModified) => polls.inc({ endpoint, not_modified: String(notModified) }),
    published: (endpoint, n, d) => {
      rows.inc({ endpoint }, n);
      duplicates.inc({ endpoint }, d);
    },
    failed: (endpoint, kind) => failures.inc({ endpoint, kind }),
    retried: (endpoint) => retries.inc({ endpoint }),
  };
}
