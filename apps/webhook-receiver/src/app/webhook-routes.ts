import rateLimit from '@fastify/rate-limit';
import { nowNanos, parseJsonExact, type EventRecord } from '@quix-connectors/message-schema';
import type { Logger, SenderAuthVerdict } from '@quix-connectors/service';
import type { Clock } from '@quix-connectors/timing';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DeliveryIds } from './delivery-ids.js';
import type { Verifier } from './signature/verifier.js';
import type { Stored, StoreOutcome } from './store-event.js';
import type { WebhookMetrics } from './webhook-metrics.js';
import { toEvent, type EventSettings } from './to-event.js';

export interface WebhookRoutesOptions {
  path: string;
  verifier: Verifier;
  /** Credentials of senders that do not sign (AUTH_TYPE), checked before the body is read. */
  senderAuth?(headers: FastifyRequest['headers']): SenderAuthVerdict;
  store(event: EventRecord): Stored;
  /** Kafka takes deliveries now: else every webhook is answered 503 before its body is read. */
  isReady(): boolean;
  /** MAX_MESSAGE_BYTES, named in the 413 of an event too large for one message. */
  maxMessageBytes: number;
  /** How long a redelivery waits for the outcome of the same id still with Kafka. */
  publishTimeoutMs: number;
  clock: Clock;
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

/** JSON media types as senders send them: `application/json`, `application/*+json`, with parameters (`charset=utf-8`). */
export const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;.*)?$/i;

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
    if (deliveryId === undefined) return options.store(event()).answer;
    if (stored.has(deliveryId)) return 'duplicate';
    const pending = inFlight.get(deliveryId);
    if (pending) return (await atMost(pending, options.publishTimeoutMs)) === 'stored' ? 'duplicate' : 'unavailable';
    const { answer, final } = options.store(event());
    // Kept until Kafka's own answer, even after this request was answered 503: a redelivery of
    // the id meanwhile waits for it and is a duplicate if it landed, never published twice.
    inFlight.set(deliveryId, final);
    void final.then((outcome) => {
      if (outcome === 'stored') stored.add(deliveryId);
      if (inFlight.get(deliveryId) === final) inFlight.delete(deliveryId);
    });
    return answer;
  };

  /** The outcome, or `unavailable` if it takes longer than `ms`. */
  const atMost = async (outcome: Promise<Outcome>, ms: number): Promise<Outcome> => {
    let timer: { cancel(): void } | undefined;
    const late = new Promise<Outcome>((resolve) => (timer = options.clock.timer(ms, () => resolve('unavailable'))));
    try {
      return await Promise.race([outcome, late]);
    } finally {
      timer?.cancel();
    }
  };

  const refused = (reply: FastifyReply, outcome: Exclude<StoreOutcome, string>) =>
    outcome.refused === 'too-large'
      ? reply.code(413).send({ error: 'too_large', message: `the event is larger than one Kafka message may be (MAX_MESSAGE_BYTES, ${options.maxMessageBytes} bytes)` })
      : reply.code(400).send({ error: 'bad_request', message: outcome.message });

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
    // Before the body is read: a webhook that cannot be stored now costs no memory and no wait.
    // Credentials before readiness: a sender without them gets 401, never a 503 that would read as broker trouble.
    scope.addHook('onRequest', async (request, reply) => {
      if (closing) return unavailable(reply.header('connection', 'close'), 'shutting down');
      const credentials = options.senderAuth?.(request.headers) ?? { ok: true };
      if (!credentials.ok) {
        log.warn({ reason: credentials.reason, ip: request.ip }, 'webhook refused: credentials');
        if (credentials.challenge) reply.header('www-authenticate', credentials.challenge);
        return reply.code(401).send({ error: 'unauthorized', message: credentials.reason });
      }
      if (!options.isReady()) return unavailable(reply, 'Kafka cannot take webhooks now; retry later');
      return undefined;
    });

    scope.post(options.path, async (request, reply) => {
      // `connection: close` so keep-alive senders let go and the server can finish closing
      if (closing) return unavailable(reply.header('connection', 'close'), 'shutting down');
      const raw = request.body as Buffer | undefined;
      if (raw === undefined) return reply.code(400).send({ error: 'bad_request', message: 'a JSON body is required (Content-Type: application/json)' });
      const verdict = options.verifier.verify(raw, request.headers, Math.floor(now() / 1000));
      if (!verdict.ok) {
        log.warn({ reason: verdict.reason, ip: request.ip }, 'webhook refused: signature');
        return reply.code(401).send({ error: 'unauthorized', message: verdict.reason });
      }
      let body: unknown;
      try {
        body = parseJsonExact(raw.toString('utf8'));
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
      if (typeof outcome === 'object') return refused(reply, outcome);
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
