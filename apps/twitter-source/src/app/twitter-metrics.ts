import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DISCONNECT_REASONS } from './backoff.js';

/** twitter-source's own Prometheus metrics, added to the service registry. */
export function createTwitterMetrics(registry: Registry, queueDepth: () => number) {
  const registers = [registry];
  const reconnects = new Counter({ name: 'twitter_reconnects_total', help: 'Stream reconnects, by what ended the connection', labelNames: ['reason', 'kind'], registers });
  for (const kind of DISCONNECT_REASONS) reconnects.inc({ reason: kind === 'dropped' ? 'closed' : kind, kind }, 0);
  return {
    received: new Counter({ name: 'twitter_posts_received_total', help: 'Posts read from the stream (rate() gives posts/s)', registers }),
    published: new Counter({ name: 'twitter_posts_published_total', help: 'Posts acknowledged by Kafka (rate() gives posts/s)', registers }),
    reconnects,
    backoff: new Gauge({ name: 'twitter_backoff_seconds', help: 'Wait before the current reconnect attempt (0 when connected)', registers }),
    connected: new Gauge({ name: 'twitter_stream_connected', help: '1 while the stream connection is open', registers }),
    usageCapped: new Gauge({ name: 'twitter_usage_capped', help: "1 while X says the account's usage cap is reached or its credits are used up", registers }),
    ruleSyncs: new Counter({ name: 'twitter_rule_syncs_total', help: 'Rule reconciliations, by result (ok, invalid, failed)', labelNames: ['result'], registers }),
    rules: new Gauge({ name: 'twitter_rules_last_sync', help: 'Rules added, deleted and kept by the last reconciliation', labelNames: ['outcome'], registers }),
    queueDepth: new Gauge({
      name: 'twitter_queue_depth',
      help: 'Posts read and not yet acknowledged by Kafka',
      registers,
      collect(this: Gauge) {
        this.set(queueDepth());
      },
    }),
    queueCapacity: new Gauge({ name: 'twitter_queue_capacity', help: 'QUEUE_CAPACITY', registers }),
    queueFull: new Counter({ name: 'twitter_queue_full_total', help: 'Times the queue filled up and reading paused', registers }),
    queueBlocked: new Counter({ name: 'twitter_queue_blocked_seconds_total', help: 'Time reading was paused by a full queue', registers }),
    latency: new Histogram({
      name: 'twitter_receipt_to_ack_seconds',
      help: 'From reading a post to Kafka acknowledging it',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };
}

export type TwitterMetrics = ReturnType<typeof createTwitterMetrics>;
