import { Counter, Histogram, type Registry } from 'prom-client';

/** Webhook answers by status code, and how long they took; observed only, never in the way. */
export interface WebhookMetrics {
  answered(statusCode: number, seconds: number): void;
}

export function createWebhookMetrics(registry: Registry | undefined): WebhookMetrics {
  const registers = registry ? [registry] : [];
  const answers = new Counter({
    name: 'webhook_requests_total',
    help: 'Webhook requests answered, by status code (200 stored or duplicate, 401 signature, 400/413/415 bad input, 429 rate limit, 503 not stored, 504 shutdown came while Kafka had it: maybe stored)',
    labelNames: ['status'],
    registers,
  });
  const duration = new Histogram({
    name: 'webhook_request_duration_seconds',
    help: 'From the request to its answer, including the Kafka acknowledgement of a stored webhook',
    labelNames: ['status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  return {
    answered(statusCode, seconds) {
      const status = String(statusCode);
      answers.inc({ status });
      duration.observe({ status }, seconds);
    },
  };
}
