import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  deliveredChannel,
  deliveryFailedChannel,
  type DeliveredEvent,
  type DeliveryFailedEvent,
  type ProducerStats,
} from '@quix-connectors/quix-producer';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** Stops listening to the producer's channels. */
  stop(): void;
}

/**
 * Prometheus metrics of publishing, fed by the producer's diagnostics channels and its stats.
 * Apps add their own metrics to `registry`.
 */
export function createMetrics(app: string, producerStats: () => ProducerStats): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });

  const messages = new Counter({ name: 'quix_messages_published_total', help: 'Kafka messages acknowledged', registers: [registry] });
  const items = new Counter({ name: 'quix_items_published_total', help: 'Rows and events acknowledged', registers: [registry] });
  const bytes = new Counter({ name: 'quix_bytes_published_total', help: 'Message bytes acknowledged', registers: [registry] });
  const errors = new Counter({
    name: 'quix_delivery_errors_total',
    help: 'Failed produce calls, by whether they are retried',
    labelNames: ['retried'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'quix_delivery_latency_seconds',
    help: 'From queueing to Kafka acknowledgement',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const stats = (read: (s: ProducerStats) => number) =>
    function (this: Gauge) {
      this.set(read(producerStats()));
    };
  new Gauge({ name: 'quix_buffered_rows', help: 'Rows waiting in time series buffers', registers: [registry], collect: stats((s) => s.bufferedRows) });
  new Gauge({ name: 'quix_pending_bytes', help: 'Bytes queued or awaiting acknowledgement', registers: [registry], collect: stats((s) => s.queuedBytes) });
  new Gauge({ name: 'quix_pending_messages', help: 'Messages queued or awaiting acknowledgement', registers: [registry], collect: stats((s) => s.queuedMessages) });

  const onDelivered = (event: unknown) => {
    const e = event as DeliveredEvent;
    messages.inc(e.messages);
    items.inc(e.items);
    bytes.inc(e.bytes);
    latency.observe(e.latencyMs / 1000);
  };
  const onFailed = (event: unknown) => errors.inc({ retried: String((event as DeliveryFailedEvent).willRetry) });
  subscribe(deliveredChannel.name, onDelivered);
  subscribe(deliveryFailedChannel.name, onFailed);

  return {
    registry,
    stop() {
      unsubscribe(deliveredChannel.name, onDelivered);
      unsubscribe(deliveryFailedChannel.name, onFailed);
    },
  };
}
