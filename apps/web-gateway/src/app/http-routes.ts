import { parseJsonExact } from '@quix-connectors/message-schema';
import type { QuixProducer } from '@quix-connectors/quix-producer';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basicLogin, bearerToken, sameSecret, type Logger } from '@quix-connectors/service';
import type { AccessControl, Principal } from './access.js';
import { WriterError, asWriterError } from './writer-errors.js';
import type { GatewayWriter } from './writer.js';

/** Every JSON media type, with parameters (`application/json; charset=utf-8`, `application/*+json`). */
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;.*)?$/i;

export interface HttpRoutesOptions {
  writer: GatewayWriter;
  access: AccessControl;
  /** `POST /data/`: Quix's HTTP API Source route. */
  data: {
    /** The topic's name (what TOKENS grant). */
    topicName: string;
    /** As Kafka names it (its Quix Cloud id, or the name). */
    kafkaTopic: string;
    producer: Pick<QuixProducer, 'tryPublishRaw'>;
    basicAuth?: { username: string; password: string };
    apiKey?: string;
  };
  maxBodyBytes: number;
  /** False while Kafka cannot take writes: requests are answered 503 before their body is read. */
  isReady(): boolean;
  retryAfterS: number;
  logger: Logger;
}

type Params = { topic: string; streamId: string; key?: string };

/**
 * The Writer API over HTTP, and the HTTP API Source's `POST /data/<key>`. Bodies are JSON
 * (integers beyond 2^53, such as nanosecond timestamps, kept exact); each answer comes after
 * Kafka acknowledged the write: 400 names the field, 401/403 say what access is missing, 413 a
 * limit, 503 "retry later" with Retry-After.
 */
export async function registerHttpRoutes(http: FastifyInstance, options: HttpRoutesOptions): Promise<void> {
  const { writer, logger } = options;
  const answer = (reply: FastifyReply, error: unknown) => {
    const known = asWriterError(error, options.retryAfterS);
    if (!known) {
      logger.error({ err: error }, 'a write failed unexpectedly');
      return reply.code(503).header('retry-after', String(options.retryAfterS)).send({ error: 'The write failed; retry later.' });
    }
    if (known.retryAfterS !== undefined) reply.header('retry-after', String(known.retryAfterS));
    return reply.code(known.status).send({ error: known.message });
  };
  const principal = (request: FastifyRequest): Principal => {
    const found = options.access.principalOf(bearerToken(request.headers.authorization));
    if (!found) throw new WriterError(401, 'Unauthorized: send `Authorization: Bearer <token>` with a token of TOKENS.');
    return found;
  };
  const route = (run: (p: Principal, params: Params, body: unknown) => Promise<unknown>) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const result = await run(principal(request), request.params as Params, request.body);
      return reply.code(200).send(result ?? {});
    } catch (error) {
      return answer(reply, error);
    }
  };

  await http.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(JSON_TYPE, { parseAs: 'string', bodyLimit: options.maxBodyBytes }, (_request, body, done) => {
      try {
        done(null, { raw: body, json: parseJsonExact(body as string) });
      } catch {
        done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      }
    });
    scope.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode ?? 500;
      if (status === 413) return reply.code(413).send({ error: `The body is over MAX_BODY_BYTES (${options.maxBodyBytes} bytes).` });
      if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
      logger.error({ err: error }, 'an HTTP request failed');
      return reply.code(503).header('retry-after', String(options.retryAfterS)).send({ error: 'The request failed; retry later.' });
    });
    // Before the body is read: a write that cannot be stored now costs no memory and no wait.
    scope.addHook('onRequest', async (_request, reply) => {
      if (options.isReady()) return undefined;
      return reply.code(503).header('retry-after', String(options.retryAfterS)).send({ error: 'Kafka cannot take writes now; retry later.' });
    });
    const json = (body: unknown) => (body as { json?: unknown } | undefined)?.json;

    scope.post('/topics/:topic/streams', route((p, { topic }, body) => writer.createStream(p, topic, json(body))));
    scope.put('/topics/:topic/streams/:streamId', route((p, { topic, streamId }, body) => writer.updateStream(p, topic, streamId, json(body))));
    scope.post('/topics/:topic/streams/:streamId/parameters/data', route((p, { topic, streamId }, body) => writer.sendParameterData(p, topic, streamId, json(body))));
    scope.post('/topics/:topic/streams/:streamId/events/data', route((p, { topic, streamId }, body) => writer.sendEventData(p, topic, streamId, json(body))));
    scope.post('/topics/:topic/streams/:streamId/close', route((p, { topic, streamId }) => writer.closeStream(p, topic, streamId)));

    const publishData = async (request: FastifyRequest, reply: FastifyReply) => {
      try {
        if (!dataAllowed(request, options)) throw new WriterError(401, 'Unauthorized: use the basic login, the X-API-Key header or a bearer token that may write this topic.');
        const body = request.body as { raw: string } | undefined;
        if (body === undefined) throw new WriterError(400, 'A JSON body is required (Content-Type: application/json).');
        const key = (request.params as Params).key ?? '';
        // As the HTTP API Source: the JSON body is the message, the path's key its key.
        const delivery = options.data.producer.tryPublishRaw(options.data.kafkaTopic, key, Buffer.from(body.raw), { replayable: true });
        if (!delivery) throw new WriterError(503, 'Kafka is not keeping up; retry later.', options.retryAfterS);
        await delivery.acked;
        return reply.code(200).send({});
      } catch (error) {
        return answer(reply, error);
      }
    };
    scope.post('/data/', publishData);
    scope.post('/data/:key', publishData);
  });
}

function dataAllowed(request: FastifyRequest, options: HttpRoutesOptions): boolean {
  const { basicAuth, apiKey, topicName: topic } = options.data;
  const apiKeyHeader = request.headers['x-api-key'];
  if (apiKey !== undefined && typeof apiKeyHeader === 'string' && sameSecret(apiKeyHeader, apiKey)) return true;
  const authorization = request.headers.authorization ?? '';
  const login = basicLogin(authorization);
  if (basicAuth && login) {
    // Both compared, always: no early exit that timing could reveal.
    const userOk = sameSecret(login.username, basicAuth.username);
    const passwordOk = sameSecret(login.password, basicAuth.password);
    if (userOk && passwordOk) return true;
  }
  // A token of TOKENS that may write the topic is always accepted; anonymous access only when
  // neither a basic login nor an API key is set (setting one closes the route to everyone else).
  const principal = options.access.principalOf(bearerToken(authorization));
  if (principal === null || !principal.canWrite(topic)) return false;
  return principal.name !== 'anonymous' || (basicAuth === undefined && apiKey === undefined);
}
