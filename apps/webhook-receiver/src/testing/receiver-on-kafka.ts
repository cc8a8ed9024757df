import { QuixProducer } from '@quix-connectors/quix-producer';
import { kafkaSinkFor } from '@quix-connectors/quix-producer/testing';
import type { Logger } from '@quix-connectors/service';
import Fastify, { type FastifyInstance } from 'fastify';
import { startWebhookReceiver, type WebhookSettings } from '../app/webhook-receiver.js';

export interface ReceiverOnKafka {
  http: FastifyInstance;
  producer: QuixProducer;
  close(): Promise<void>;
}

/**
 * The receiver as the app wires it (Standard Webhooks, stream `hooks`, path `/webhook`) on a real
 * Kafka producer, served by a fastify instance that tests drive with `inject()`.
 */
export async function receiverOnKafka(options: {
  brokers: string[];
  topic: string;
  secret: string;
  publishTimeoutMs: number;
  connectTimeoutMs: number;
  logger: Logger;
  /** Settings that differ from the ones above (scheme, auth, ...). */
  settings?: Partial<WebhookSettings>;
}): Promise<ReceiverOnKafka> {
  const { logger } = options;
  const sink = kafkaSinkFor(options.brokers, { clientId: 'webhook-test', createTopics: false, connectTimeoutMs: options.connectTimeoutMs });
  const producer = new QuixProducer({ sink, topic: options.topic, format: 'json', maxMessageBytes: 1_000_000, maxPendingBytes: 32 << 20, buffer: { timeSpanMs: 100, maxRows: 100 }, logger });
  await producer.connect();
  const http = Fastify();
  const app = await startWebhookReceiver({
    http,
    producer,
    logger,
    settings: {
      streamId: 'hooks', path: '/webhook', scheme: 'standard-webhooks', secrets: [options.secret], signatureHeader: 'x-signature',
      signatureEncoding: 'hex', toleranceS: 300, eventIdField: 'type', tagHeaders: [], dedupeWindowS: 3600, dedupeMaxIds: 1000,
      maxBodyBytes: 1 << 20, rateLimitPerS: 0, publishTimeoutMs: options.publishTimeoutMs, retryAfterS: 5, maxMessageBytes: 1_000_000,
      ...options.settings,
    },
  });
  return {
    http,
    producer,
    async close() {
      await app.close();
      await producer.close({ deadlineMs: 30_000 });
      await http.close();
    },
  };
}
