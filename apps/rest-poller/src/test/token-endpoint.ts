import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { startStandIn } from './harness.js';

export interface TokenEndpointOptions {
  clientId: string;
  clientSecret: string;
  /** Scopes it grants; asking for another is `invalid_scope`. */
  scopes?: string[];
  /** `expires_in` of each token, seconds; undefined leaves it out. */
  expiresInS?: number;
}

/** One token request as the stand-in saw it. */
export interface TokenRequest {
  authorization?: string;
  form: Record<string, string>;
}

/**
 * A local OAuth 2.0 token endpoint speaking the client credentials grant (RFC 6749 §4.4): the
 * client authenticates with HTTP Basic or with form fields (not both, §2.3.1); errors are §5.2
 * JSON with `error` and `error_description` (401 with WWW-Authenticate for a bad Basic client).
 * `outage` answers the next requests 503; `issued` and `requests` record what happened.
 */
export async function startTokenEndpoint(options: TokenEndpointOptions) {
  const issued: string[] = [];
  const requests: TokenRequest[] = [];
  const control = { outage: 0, issued, requests };
  const server = await startStandIn((app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
    app.post('/oauth/token', async (req: FastifyRequest, reply: FastifyReply) => {
      const form = (req.body ?? {}) as Record<string, string>;
      requests.push({ authorization: req.headers.authorization, form });
      if (control.outage > 0) {
        control.outage -= 1;
        return reply.code(503).send({ error: 'temporarily_unavailable' });
      }
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      const fail = (status: number, error: string, description: string) => reply.code(status).send({ error, error_description: description });
      if (form['grant_type'] !== 'client_credentials') return fail(400, 'unsupported_grant_type', `grant_type ${form['grant_type'] ?? '(none)'} is not supported`);
      const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const viaForm = form['client_id'] !== undefined || form['client_secret'] !== undefined;
      if (basic !== undefined && viaForm) return fail(400, 'invalid_request', 'use one client authentication method');
      let id: string | undefined;
      let secret: string | undefined;
      if (basic !== undefined) {
        const [rawId, rawSecret] = Buffer.from(basic, 'base64').toString().split(':');
        const decode = (text = '') => decodeURIComponent(text.replace(/\+/g, ' '));
        [id, secret] = [decode(rawId), decode(rawSecret)];
      } else {
        [id, secret] = [form['client_id'], form['client_secret']];
      }
      if (id !== options.clientId || secret !== options.clientSecret) {
        if (basic !== undefined) reply.header('www-authenticate', 'Basic realm="token"');
        return fail(401, 'invalid_client', `client authentication failed for client ${id ?? '(none)'}`);
      }
      const scope = form['scope'];
      if (scope !== undefined && options.scopes !== undefined && scope.split(' ').some((s) => !options.scopes?.includes(s))) return fail(400, 'invalid_scope', `scope ${scope} is not granted`);
      const token = `tok-${issued.length + 1}-${randomUUID()}`;
      issued.push(token);
      return { access_token: token, token_type: 'Bearer', ...(options.expiresInS === undefined ? {} : { expires_in: options.expiresInS }), ...(scope === undefined ? {} : { scope }) };
    });
  });
  return { control, issued, requests, tokenUrl: `${server.url}/oauth/token`, close: server.close };
}

/**
 * An API that answers only requests with a bearer token the token endpoint issued and that was not
 * revoked (`revoked`), else 401 with WWW-Authenticate (RFC 6750). `seen` records each token sent.
 */
export async function startBearerApi(issued: readonly string[], body: () => unknown) {
  const revoked = new Set<string>();
  const seen: (string | undefined)[] = [];
  const server = await startStandIn((app) =>
    app.get('/items', async (req, reply) => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      seen.push(token);
      if (token === undefined || !issued.includes(token) || revoked.has(token)) {
        return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send({ message: `token ${token ?? '(none)'} is not valid` });
      }
      return body();
    }),
  );
  return { url: `${server.url}/items`, revoked, seen, close: server.close };
}
