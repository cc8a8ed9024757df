import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  badRecordChannel,
  deliveredChannel,
  deliveryFailedChannel,
  refusedChannel,
  type BadRecordEvent,
  type DeliveredEvent,
  type DeliveryFailedEvent,
  type DeliveryHealth,
  type RefusedEvent,
} from '@quix-connectors/quix-producer';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * How often the event-loop lag histogram (nodejs_eventloop_lag_*) takes a sample, ms. Each sample
 * wakes the process: prom-client's default of 10 ms cost 0.5% of a core on its own (more than
 * cpu-publisher's sampling and publishing together), 100 ms 0.065%, 250 ms 0.016% (a bare Node
 * process beside each, in the same minutes). At 250 ms a 15 s scrape still rests on 60 samples,
 * and every stall of the loop longer than that is caught.
 */
export const EVENT_LOOP_SAMPLE_MS = 250;

export interface PublishingStats {
  queuedMessages: number;
  queuedBytes: number;
  bufferedRows: number;
}

export interface ServiceMetrics {
  registry: Registry;
  /** Stops listening to the producer's channels. */
  stop(): void;
}

/**
 * Prometheus metrics of publishing, fed by the producer's diagnostics channels, its stats and
 * the connector's readiness. Apps add their own metrics to `registry`.
 */
export function createMetrics(app: string, stats: () => PublishingStats, health: () => DeliveryHealth): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  const registers = [registry];

  const messages = new Counter({ name: 'quix_messages_published_total', help: 'Kafka messages acknowledged', registers });
  const items = new Counter({ name: 'quix_items_published_total', help: 'Rows and events acknowledged', registers });
  const bytes = new Counter({ name: 'quix_bytes_published_total', help: 'Message bytes acknowledged', registers });
  const errors = new Counter({ name: 'quix_delivery_errors_total', help: 'Failed produce calls, by cause and whether they are retried', labelNames: ['retried', 'cause'], registers });
  const refused = new Counter({ name: 'quix_refused_total', help: 'Rows and events Kafka or the encoder refused, by reason', labelNames: ['reason'], registers });
  const badRecords = new Counter({ name: 'quix_bad_records_total', help: 'Bad records by cause and the policy applied (fail, skip, dead-letter)', labelNames: ['code', 'policy'], registers });
  const latency = new Histogram({
    name: 'quix_delivery_latency_seconds',
    help: 'From queueing to Kafka acknowledgement',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  const gauge = (name: string, help: string, read: (s: PublishingStats) => number) =>
    new Gauge({ name, help, registers, collect(this: Gauge) { this.set(read(stats())); } });
  gauge('quix_buffered_rows', 'Rows waiting in time series buffers', (s) => s.bufferedRows);
  gauge('quix_pending_bytes', 'Bytes queued or awaiting acknowledgement', (s) => s.queuedBytes);
  gauge('quix_pending_messages', 'Messages queued or awaiting acknowledgement', (s) => s.queuedMessages);
  new Gauge({ name: 'quix_ready', help: '1 while /readyz answers 200', registers, collect(this: Gauge) { this.set(health().ready ? 1 : 0); } });
  new Gauge({
    name: 'quix_not_ready',
    help: 'Why /readyz answers 503: 1 for each reason that holds now',
    labelNames: ['reason'],
    registers,
    collect(this: Gauge) {
      this.reset();
      for (const reason of health().reasons) this.set({ reason: reason.split(':')[0] }, 1);
    },
  });

  const listeners: [string, (event: unknown) => void][] = [
    [deliveredChannel.name as string, (event) => {
      const e = event as DeliveredEvent;
      messages.inc(e.messages);
      items.inc(e.items);
      bytes.inc(e.bytes);
      latency.observe(e.latencyMs / 1000);
    }],
    [deliveryFailedChannel.name as string, (event) => {
      const e = event as DeliveryFailedEvent;
      errors.inc({ retried: String(e.willRetry), cause: e.cause });
    }],
    [refusedChannel.name as string, (event) => {
      const e = event as RefusedEvent;
      refused.inc({ reason: e.reason }, e.items);
    }],
    [badRecordChannel.name as string, (event) => {
      const e = event as BadRecordEvent;
      badRecords.inc({ code: e.code, policy: e.policy });
    }],
  ];
  for (const [name, listener] of listeners) subscribe(name, listener);

  return {
    registry,
    stop() {
      for (const [name, listener] of listeners) unsubscribe(name, listener);
    },
  };
}
