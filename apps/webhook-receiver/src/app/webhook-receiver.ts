import type { QuixProducer } from '@quix-connectors/quix-producer';
import { createSenderAuth, type Logger, type RunningApp } from '@quix-connectors/service';
import { systemClock, type Clock } from '@quix-connectors/timing';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { selectVerifier } from './signature/select-verifier.js';
import { eventStore } from './store-event.js';
import type { WebhookConfig } from './webhook-variables.js';
import { createWebhookMetrics } from './webhook-metrics.js';
import { registerWebhookRoutes } from './webhook-routes.js';

export type WebhookSettings = Pick<
  WebhookConfig,
  | 'streamId' | 'path' | 'scheme' | 'secrets' | 'signatureHeader' | 'signatureEncoding' | 'toleranceS' | 'eventIdField'
  | 'tagHeaders' | 'dedupeWindowS' | 'dedupeMaxIds' | 'maxBodyBytes' | 'rateLimitPerS' | 'publishTimeoutMs' | 'retryAfterS'
  | 'maxMessageBytes'
> &
  Partial<Pick<WebhookConfig, 'authType' | 'authTokens' | 'authLogins' | 'authHeader'>>;

export interface WebhookReceiverOptions {
  http: FastifyInstance;
  producer: QuixProducer;
  logger: Logger;
  settings: WebhookSettings;
  /** Where the webhook metrics go (the service's /metrics); none in tests that do not look. */
  metrics?: Registry;
  now?: () => number;
  clock?: Clock;
}

/**
 * Opens the webhooks stream and adds the webhook route to `http`. `close()` answers new webhooks
 * 503 and waits for those in progress; the runtime then closes the producer, which flushes and
 * ends the stream. The stream is replayable: a webhook not acknowledged was answered 503, and its
 * sender sends it again.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningApp> {
  const { settings, producer, logger } = options;
  const stream = await producer.createStream(settings.streamId, {
    properties: { name: 'Webhooks', metadata: { source: 'webhook-receiver', path: settings.path } },
    replayable: true,
  });
  const authType = settings.authType ?? 'none';
  if (settings.scheme === 'none' && authType === 'none') {
    logger.warn(
      { scheme: 'none', authType },
      'SIGNATURE_SCHEME=none and AUTH_TYPE=none: every request to this endpoint is accepted, from anyone who can reach it. Set SIGNATURE_SCHEME (and WEBHOOK_SECRETS) or AUTH_TYPE for a public endpoint.',
    );
  }
  const isReady = () => producer.isReady();
  const clock = options.clock ?? systemClock;
  const routes = await registerWebhookRoutes(options.http, {
    path: settings.path,
    verifier: selectVerifier({ ...settings, secrets: settings.secrets ?? [] }),
    senderAuth: createSenderAuth({ type: authType, tokens: settings.authTokens ?? [], logins: settings.authLogins ?? [], header: settings.authHeader ?? 'X-API-Key', realm: 'webhooks' }),
    store: eventStore({ stream, isReady, timeoutMs: settings.publishTimeoutMs, clock, logger }),
    isReady,
    maxMessageBytes: settings.maxMessageBytes,
    publishTimeoutMs: settings.publishTimeoutMs,
    clock,
    event: { idField: settings.eventIdField, tagHeaders: settings.tagHeaders.map((h) => h.toLowerCase()) },
    maxBodyBytes: settings.maxBodyBytes,
    rateLimitPerS: settings.rateLimitPerS,
    dedupeWindowS: settings.dedupeWindowS,
    dedupeMaxIds: settings.dedupeMaxIds,
    retryAfterS: settings.retryAfterS,
    logger,
    metrics: createWebhookMetrics(options.metrics),
    now: options.now,
  });
  logger.info({ path: settings.path, scheme: settings.scheme, authType, streamId: settings.streamId }, 'receiving webhooks');
  return {
    async close() {
      await routes.close();
    },
  };
}
