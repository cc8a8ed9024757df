import rateLimit from '@fastify/rate-limit';
import { nowNanos, type EventRecord } from '@quix-connectors/message-schema';
import type { Logger } from '@quix-connectors/service';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { DeliveryIds } from './delivery-ids.js';
import type { Verifier } from './signature/verifier.js';
import type { StoreOutcome } from './store-event.js';
import type { WebhookMetrics } from './webhook-metrics.js';
import { toEvent, type EventSettings } from './to-event.js';

export interface WebhookRoutesOptions {
  path: string;
  verifier: Verifier;
  store(event: EventRecord): Promise<StoreOutcome>;
  event: EventSettings;
  maxBodyBytes: number;
  /** 0: no limit. */
  rateLimitPerS: number;
  dedupeWindowS: number;
  dedupeMaxIds: number;
  retryAfterS: number;
  logger: Logger;
  metrics?: WebhookMetrics;
  /** ms since the epoch; signature timestamps are checked against it. */
  now?: () => number;
}

export interface WebhookRoutes {
  /** New webhooks are answered 503; resolves once every webhook in progress has been answered. */
  close(): Promise<void>;
}

type Outcome = StoreOutcome | 'duplicate';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/**
 * The webhook route: raw body -> signature -> JSON -> dedupe -> event -> Kafka ack -> 200.
 * Registers into `http` (an encapsulated context: its body parser and errors stay its own).
 */
export async function registerWebhookRoutes(http: FastifyInstance, options: WebhookRoutesOptions): Promise<WebhookRoutes> {
  const now = options.now ?? Date.now;
  const log = options.logger;
  const stored = new DeliveryIds(options.dedupeWindowS * 1000, options.dedupeMaxIds, now);
  const inFlight = new Map<string, Promise<Outcome>>();
  const answering = new Set<Promise<unknown>>();
  let closing = false;

  const unavailable = (reply: FastifyReply, reason: string) =>
    reply.code(503).header('retry-after', String(options.retryAfterS)).send({ error: 'unavailable', message: reason });

  const accept = async (deliveryId: string | undefined, event: () => EventRecord): Promise<Outcome> => {
    if (deliveryId === undefined) return options.store(event());
    if (stored.has(deliveryId)) return 'duplicate';
    const pending = inFlight.get(deliveryId);
    if (pending) return (await pending) === 'stored' ? 'duplicate' : 'unavailable';
    const storing = options.store(event());
    inFlight.set(deliveryId, storing);
    try {
      const outcome = await storing;
      if (outcome === 'stored') stored.add(deliveryId);
      return outcome;
    } finally {
      inFlight.delete(deliveryId);
    }
  };

  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
    const { metrics } = options;
    if (metrics) scope.addHook('onResponse', async (_request, reply) => metrics.answered(reply.statusCode, reply.elapsedTime / 1000));
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return reply.code(status).send({ error: error.code ?? 'bad_request', message: error.message });
      log.error({ err: error }, 'webhook handling failed');
      return unavailable(reply, 'the webhook could not be handled; retry later');
    });
    if (options.rateLimitPerS > 0) {
      await scope.register(rateLimit, { max: options.rateLimitPerS, timeWindow: 1000 });
    }

    scope.post(options.path, async (request, reply) => {
      // `connection: close` so keep-alive senders let go and the server can finish closing
      if (closing) return unavailable(reply.header('connection', 'close'), 'shutting down');
      const raw = request.body as Buffer;
      const verdict = options.verifier.verify(raw, request.headers, Math.floor(now() / 1000));
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason, ip: request.ip }, 'webhook refused: signature');
        return reply.code(401).send({ error: 'unauthorized', message: verdict.reason });
      }
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply.code(400).send({ error: 'bad_request', message: 'the body is not valid JSON' });
      }
      const answer = accept(verdict.deliveryId, () =>
        toEvent(body, raw, request.headers, verdict.deliveryId, nowNanos(), options.event),
      );
      answering.add(answer);
      let outcome: Outcome;
      try {
        outcome = await answer;
      } finally {
        answering.delete(answer);
      }
      if (outcome === 'unavailable') return unavailable(reply, 'the webhook could not be stored now; retry later');
      return reply.code(200).send({ status: outcome === 'duplicate' ? 'duplicate' : 'accepted' });
    });
  });

  return {
    async close() {
      closing = true;
      await Promise.allSettled([...answering]);
    },
  };
}
