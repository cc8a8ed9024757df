import { deliveredChannel, deliveryFailedChannel } from '@quix-connectors/quix-producer';
import pino from 'pino';
import { createHttpServer } from './http-server.js';
import { createMetrics } from './metrics.js';

describe('the HTTP endpoints', () => {
  const stats = { queuedMessages: 2, queuedBytes: 300, bufferedRows: 7, streams: 1 };
  let ready = false;
  const metrics = createMetrics('test-app', () => stats);
  const http = createHttpServer({ logger: pino({ level: 'silent' }), registry: metrics.registry, isReady: () => ready });
  afterAll(async () => {
    metrics.stop();
    await http.close();
  });

  it('/healthz answers 200 while the process is alive', async () => {
    expect((await http.inject('/healthz')).statusCode).toBe(200);
  });

  it('/readyz follows the producer: 503 until able to publish, then 200', async () => {
    ready = false;
    expect((await http.inject('/readyz')).statusCode).toBe(503);
    ready = true;
    expect((await http.inject('/readyz')).statusCode).toBe(200);
  });

  it('/metrics counts what the producer reports on its diagnostics channels', async () => {
    deliveredChannel.publish({ topic: 't', messages: 3, bytes: 1200, items: 30, latencyMs: 4 });
    deliveryFailedChannel.publish({ topic: 't', messages: 1, error: new Error('x'), willRetry: true });
    const body = (await http.inject('/metrics')).body;
    expect(body).toMatch(/^quix_messages_published_total\{app="test-app"\} 3$/m);
    expect(body).toMatch(/^quix_items_published_total\{app="test-app"\} 30$/m);
    expect(body).toMatch(/^quix_bytes_published_total\{app="test-app"\} 1200$/m);
    expect(body).toMatch(/^quix_delivery_errors_total\{retried="true",app="test-app"\} 1$/m);
    expect(body).toMatch(/^quix_buffered_rows\{app="test-app"\} 7$/m);
    expect(body).toMatch(/^quix_pending_bytes\{app="test-app"\} 300$/m);
    expect(body).toMatch(/^quix_delivery_latency_seconds_count\{app="test-app"\} 1$/m);
  });
});
