import type { OutputStream, QuixProducer } from '@quix-connectors/quix-producer';
import { createSenderAuth, registerCors, type Logger, type RunningApp } from '@quix-connectors/service';
import { systemClock, type Clock } from '@quix-connectors/timing';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { WebhookRoute } from './route-config.js';
import { selectVerifier } from './signature/select-verifier.js';
import { eventStore } from './store-event.js';
import { configuredRoutes, type RouteSource, type WebhookConfig } from './webhook-variables.js';
import { createWebhookMetrics } from './webhook-metrics.js';
import { registerWebhookRoutes, type RouteHandling } from './webhook-routes.js';

/** What the receiver reads: the variables its routes take from, and its own (tests may leave out the optional ones). */
export type WebhookSettings = RouteSource &
  Pick<WebhookConfig, 'toleranceS' | 'dedupeWindowS' | 'dedupeMaxIds' | 'maxBodyBytes' | 'rateLimitPerS' | 'publishTimeoutMs' | 'retryAfterS' | 'maxMessageBytes'> &
  Partial<Pick<WebhookConfig, 'pathTag' | 'corsOrigins' | 'responseHeaders'>>;

export interface WebhookReceiverOptions {
  http: FastifyInstance;
  producer: QuixProducer;
  logger: Logger;
  settings: WebhookSettings;
  /** A topic name as Kafka knows it (Quix Cloud: its id); only routes with their own `topic` need it. */
  topicId?(name: string): string;
  /** Where the webhook metrics go (the service's /metrics); none in tests that do not look. */
  metrics?: Registry;
  now?: () => number;
  clock?: Clock;
}

/** Request headers a browser page may send to a webhook path: every credential and signature header any route reads. */
function corsRequestHeaders(routes: readonly WebhookRoute[]): string[] {
  const names = new Set(['content-type', 'authorization']);
  for (const route of routes) {
    if (route.authType === 'api-key') names.add(route.authHeader.toLowerCase());
    if (route.scheme === 'hmac-sha1' || route.scheme === 'hmac-sha256') names.add(route.signatureHeader);
    if (route.scheme === 'standard-webhooks') for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) names.add(name);
  }
  return [...names];
}

/**
 * Opens one stream per destination (topic and stream id) and adds the webhook routes to `http`.
 * `close()` answers new webhooks 503 and waits for those in progress; the runtime then closes the
 * producer, which flushes and ends the streams. The streams are replayable: a webhook not
 * acknowledged was answered 503, and its sender sends it again.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningApp> {
  const { settings, producer, logger } = options;
  const routes = configuredRoutes(settings);
  const isReady = () => producer.isReady();
  const clock = options.clock ?? systemClock;
  // One stream per destination (topic and stream id); its metadata names every path that feeds it.
  const destination = (route: WebhookRoute) => `${route.topic ?? ''}\u0000${route.streamId}`;
  const streams = new Map<string, Promise<OutputStream>>();
  const streamOf = (route: WebhookRoute) => {
    const key = destination(route);
    const open = streams.get(key);
    if (open) return open;
    const topic = route.topic === undefined ? undefined : (options.topicId?.(route.topic) ?? route.topic);
    const paths = routes.filter((r) => destination(r) === key).map((r) => r.path);
    const opening = producer.createStream(route.streamId, { topic, properties: { name: 'Webhooks', metadata: { source: 'webhook-receiver', path: paths.join(',') } }, replayable: true });
    streams.set(key, opening);
    return opening;
  };

  const handling: RouteHandling[] = [];
  for (const route of routes) {
    if (route.scheme === 'none' && route.authType === 'none') {
      logger.warn(
        { path: route.path, scheme: 'none', authType: 'none' },
        `${route.path}: no signature scheme and no AUTH_TYPE: every request to this path is accepted, from anyone who can reach it. Set SIGNATURE_SCHEME (and WEBHOOK_SECRETS) or AUTH_TYPE for a public endpoint.`,
      );
    }
    const stream = await streamOf(route);
    handling.push({
      path: route.path,
      verifier: selectVerifier({ ...route, toleranceS: settings.toleranceS }),
      senderAuth: createSenderAuth({ type: route.authType, tokens: route.authTokens, logins: route.authLogins, header: route.authHeader, realm: 'webhooks' }),
      store: eventStore({ stream, isReady, timeoutMs: settings.publishTimeoutMs, clock }),
      event: {
        idField: route.eventIdField,
        tagHeaders: route.tagHeaders.map((h) => h.toLowerCase()),
        tags: route.tags,
        ...(settings.pathTag ? { pathTag: { name: settings.pathTag, path: route.path } } : {}),
      },
      challenges: route.challenges,
      challengeVerifyToken: route.challengeVerifyToken,
    });
  }
  const corsOrigins = settings.corsOrigins ?? [];
  if (corsOrigins.length > 0) {
    await registerCors(options.http, { origins: corsOrigins, allowedHeaders: corsRequestHeaders(routes), exposedHeaders: ['retry-after'] });
  }
  const receiving = await registerWebhookRoutes(options.http, {
    routes: handling,
    isReady,
    maxMessageBytes: settings.maxMessageBytes,
    maxBodyBytes: settings.maxBodyBytes,
    rateLimitPerS: settings.rateLimitPerS,
    dedupeWindowS: settings.dedupeWindowS,
    dedupeMaxIds: settings.dedupeMaxIds,
    retryAfterS: settings.retryAfterS,
    responseHeaders: settings.responseHeaders,
    logger,
    metrics: createWebhookMetrics(options.metrics),
    now: options.now,
  });
  for (const route of routes) {
    logger.info({ path: route.path, scheme: route.scheme, authType: route.authType, challenges: route.challenges, topic: route.topic, streamId: route.streamId }, 'receiving webhooks');
  }
  return {
    async close() {
      await receiving.close();
    },
  };
}
