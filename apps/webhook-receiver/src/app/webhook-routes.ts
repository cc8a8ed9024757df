import rateLimit from '@fastify/rate-limit';
import { nowNanos, parseJsonExact, type EventRecord } from '@quix-connectors/message-schema';
import type { Logger, SenderAuthVerdict } from '@quix-connectors/service';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getChallenge, slackChallenge, type ChallengeKind } from './challenges.js';
import { DeliveryIds } from './delivery-ids.js';
import type { Verifier } from './signature/verifier.js';
import type { StoreOutcome } from './store-event.js';
import type { WebhookMetrics } from './webhook-metrics.js';
import { toEvent, type EventSettings } from './to-event.js';

/** One webhook path: how its requests are checked, and where its events go. */
export interface RouteHandling {
  path: string;
  verifier: Verifier;
  /** Credentials of senders that do not sign (AUTH_TYPE), checked before the body is read. */
  senderAuth?(headers: FastifyRequest['headers']): SenderAuthVerdict;
  /** Kafka's outcome for the event (see eventStore): `unavailable` only when it was not and will not be written. */
  store(event: EventRecord): Promise<StoreOutcome>;
  event: EventSettings;
  /** Subscription handshakes answered on this path (never published). */
  challenges?: readonly ChallengeKind[];
  challengeVerifyToken?: string;
}

export interface WebhookRoutesOptions {
  routes: readonly RouteHandling[];
  /** Kafka takes deliveries now: else every webhook is answered 503 before its body is read. */
  isReady(): boolean;
  /** MAX_MESSAGE_BYTES, named in the 413 of an event too large for one message. */
  maxMessageBytes: number;
  maxBodyBytes: number;
  /** 0: no limit. */
  rateLimitPerS: number;
  dedupeWindowS: number;
  dedupeMaxIds: number;
  retryAfterS: number;
  /** Added to every answer of the webhook paths (RESPONSE_HEADERS). */
  responseHeaders?: Readonly<Record<string, string>>;
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
 * The webhook routes: raw body -> signature -> JSON -> dedupe -> event -> Kafka ack -> 200, one
 * POST route per path. Registers into `http` (an encapsulated context: its body parser and errors
 * stay its own); the rate limit, dedupe and shutdown are shared by every path.
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

  const byPath = new Map(options.routes.map((route) => [route.path, route]));

  // Delivery ids are kept per path: two providers may use the same id for different events.
  const accept = async (route: RouteHandling, id: string | undefined, event: () => EventRecord): Promise<Outcome> => {
    if (id === undefined) return route.store(event());
    const deliveryId = `${route.path} ${id}`;
    if (stored.has(deliveryId)) return 'duplicate';
    const pending = inFlight.get(deliveryId);
    if (pending) {
      const first = await pending;
      return first === 'stored' ? 'duplicate' : first === 'unknown' ? 'unknown' : 'unavailable';
    }
    const outcome = route.store(event());
    // Kept until Kafka's own answer: a redelivery of the id meanwhile (its sender gave up waiting)
    // waits for it and is a duplicate if it landed, never published twice.
    inFlight.set(deliveryId, outcome);
    void outcome.then((settled) => {
      if (settled === 'stored') stored.add(deliveryId);
      if (inFlight.get(deliveryId) === outcome) inFlight.delete(deliveryId);
    });
    return outcome;
  };

  const refused = (reply: FastifyReply, outcome: Exclude<StoreOutcome, string>) =>
    outcome.refused === 'too-large'
      ? reply.code(413).send({ error: 'too_large', message: `the event is larger than one Kafka message may be (MAX_MESSAGE_BYTES, ${options.maxMessageBytes} bytes)` })
      : reply.code(400).send({ error: 'bad_request', message: outcome.message });

  const handshake = async (route: RouteHandling, request: FastifyRequest, reply: FastifyReply) => {
    const answer = getChallenge(request.query as Record<string, unknown>, route.challenges ?? [], route.challengeVerifyToken);
    if (answer === undefined) return reply.code(404).send({ error: 'not_found', message: 'not a subscription handshake' });
    if (answer.status !== 200) {
      log.warn({ reason: answer.message, ip: request.ip, path: route.path }, 'webhook handshake refused');
      return reply.code(answer.status).send({ error: answer.status === 403 ? 'forbidden' : 'bad_request', message: answer.message });
    }
    log.info({ path: route.path }, 'webhook subscription handshake answered');
    return reply.code(200).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(answer.challenge);
  };

  const receive = async (route: RouteHandling, request: FastifyRequest, reply: FastifyReply) => {
    // `connection: close` so keep-alive senders let go and the server can finish closing
    if (closing) return unavailable(reply.header('connection', 'close'), 'shutting down');
    const raw = request.body as Buffer | undefined;
    if (raw === undefined) return reply.code(400).send({ error: 'bad_request', message: 'a JSON body is required (Content-Type: application/json)' });
    const verdict = route.verifier.verify(raw, request.headers, Math.floor(now() / 1000));
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason, ip: request.ip, path: route.path }, 'webhook refused: signature');
      return reply.code(401).send({ error: 'unauthorized', message: verdict.reason });
    }
    let body: unknown;
    try {
      body = parseJsonExact(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'bad_request', message: 'the body is not valid JSON' });
    }
    const challenge = slackChallenge(body, route.challenges ?? []);
    if (challenge) {
      if (challenge.status !== 200) return reply.code(challenge.status).send({ error: 'bad_request', message: challenge.message });
      log.info({ path: route.path }, 'slack url_verification answered');
      return reply.code(200).send({ challenge: challenge.challenge });
    }
    const answer = accept(route, verdict.deliveryId, () => toEvent(body, raw, request.headers, verdict.deliveryId, nowNanos(), route.event));
    answering.add(answer);
    let outcome: Outcome;
    try {
      outcome = await answer;
    } finally {
      answering.delete(answer);
    }
    if (outcome === 'unavailable') return unavailable(reply, 'the webhook could not be stored now; retry later');
    if (outcome === 'unknown') {
      log.warn({ path: route.path }, 'webhook answered 504: shutdown came while Kafka had it, and the broker may have written it (a retry of it may be a second copy)');
      return reply.code(504).header('connection', 'close').send({ error: 'outcome_unknown', message: 'Kafka did not answer before the receiver stopped: the webhook may or may not be stored' });
    }
    if (typeof outcome === 'object') return refused(reply, outcome);
    return reply.code(200).send({ status: outcome === 'duplicate' ? 'duplicate' : 'accepted' });
  };

  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer', bodyLimit: options.maxBodyBytes }, (_request, body, done) => done(null, body));
    const { metrics, responseHeaders } = options;
    if (responseHeaders && Object.keys(responseHeaders).length > 0) scope.addHook('onSend', async (_request, reply) => void reply.headers(responseHeaders));
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
    // GET handshakes need neither (providers send no credentials there, and no Kafka is involved).
    scope.addHook('onRequest', async (request, reply) => {
      const route = byPath.get(request.routeOptions.url ?? '');
      if (request.method !== 'POST' || !route) return undefined;
      if (closing) return unavailable(reply.header('connection', 'close'), 'shutting down');
      const credentials = route.senderAuth?.(request.headers) ?? { ok: true };
      if (!credentials.ok) {
        log.warn({ reason: credentials.reason, ip: request.ip, path: route.path }, 'webhook refused: credentials');
        if (credentials.challenge) reply.header('www-authenticate', credentials.challenge);
        return reply.code(401).send({ error: 'unauthorized', message: credentials.reason });
      }
      if (!options.isReady()) return unavailable(reply, 'Kafka cannot take webhooks now; retry later');
      return undefined;
    });

    for (const route of options.routes) {
      scope.post(route.path, (request, reply) => receive(route, request, reply));
      if (route.challenges?.some((kind) => kind !== 'slack')) scope.get(route.path, (request, reply) => handshake(route, request, reply));
    }
  });

  return {
    async close() {
      closing = true;
      await Promise.allSettled([...answering]);
    },
  };
}
