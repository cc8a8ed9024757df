import { deliveredChannel, deliveryFailedChannel } from '@quix-connectors/quix-producer';
import pino from 'pino';
import { createHttpServer } from './http-server.js';
import { createMetrics } from './metrics.js';

describe('the HTTP endpoints', () => {
  const stats = { queuedMessages: 2, queuedBytes: 300, bufferedRows: 7, streams: 1 };
  let health = { ready: false, reasons: ['delivery-failing: KafkaJSConnectionError', 'queue-full'] };
  const metrics = createMetrics('test-app', () => stats, () => health);
  const http = createHttpServer({ logger: pino({ level: 'silent' }), registry: metrics.registry, health: () => health });
  afterAll(async () => {
    metrics.stop();
    await http.close();
  });

  it('/healthz answers 200 while the process is alive', async () => {
    expect((await http.inject('/healthz')).statusCode).toBe(200);
  });

  it('/readyz follows the connector: 503 with the reasons while it cannot take input or deliver, then 200', async () => {
    const notReady = await http.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not ready', reasons: ['delivery-failing: KafkaJSConnectionError', 'queue-full'] });
    expect((await http.inject('/metrics')).body).toMatch(/^quix_not_ready\{reason="delivery-failing",app="test-app"\} 1$/m);
    expect((await http.inject('/metrics')).body).toMatch(/^quix_ready\{app="test-app"\} 0$/m);
    health = { ready: true, reasons: [] };
    expect((await http.inject('/readyz')).statusCode).toBe(200);
    expect((await http.inject('/metrics')).body).toMatch(/^quix_ready\{app="test-app"\} 1$/m);
  });

  it('/metrics counts what the producer reports on its diagnostics channels', async () => {
    deliveredChannel.publish({ topic: 't', messages: 3, bytes: 1200, items: 30, latencyMs: 4 });
    deliveryFailedChannel.publish({ topic: 't', messages: 1, error: new Error('x'), cause: 'KafkaJSConnectionError', willRetry: true });
    const body = (await http.inject('/metrics')).body;
    expect(body).toMatch(/^quix_messages_published_total\{app="test-app"\} 3$/m);
    expect(body).toMatch(/^quix_items_published_total\{app="test-app"\} 30$/m);
    expect(body).toMatch(/^quix_bytes_published_total\{app="test-app"\} 1200$/m);
    expect(body).toMatch(/^quix_delivery_errors_total\{retried="true",cause="KafkaJSConnectionError",app="test-app"\} 1$/m);
    expect(body).toMatch(/^quix_buffered_rows\{app="test-app"\} 7$/m);
    expect(body).toMatch(/^quix_pending_bytes\{app="test-app"\} 300$/m);
    expect(body).toMatch(/^quix_delivery_latency_seconds_count\{app="test-app"\} 1$/m);
  });
});
