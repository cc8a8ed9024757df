import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** One reading of the sample API: what a small sensor or weather feed lists. */
export interface SampleReading {
  id: string;
  time: string;
  sensor: string;
  temperature: number;
  humidity: number;
}

/** Readings listed per answer: the newest ones, as "latest N items" feeds do. */
const WINDOW = 10;
/** Most readings one time-window answer lists. */
const MAX_WINDOW = 1000;
const SENSORS = ['roof', 'cellar'];
/** The one OAuth2 client the sample token endpoint knows, and how long its tokens last. */
export const SAMPLE_CLIENT = { id: 'sample', secret: 'sample-secret', expiresInS: 60 };
const ROUTES = 'try GET /readings[?since=&until=], POST /readings/search, POST /oauth/token, GET /secure/readings';

/** The reading made at `second` (seconds since the epoch): the same second always gives the same reading. */
export function readingAt(second: number): SampleReading {
  const sensor = SENSORS[second % SENSORS.length] as string;
  return {
    id: `${sensor}-${second}`,
    time: new Date(second * 1000).toISOString(),
    sensor,
    temperature: Math.round((18 + 4 * Math.sin(second / 60)) * 100) / 100,
    humidity: Math.round((50 + 15 * Math.cos(second / 90)) * 10) / 10,
  };
}

/** An instant as ISO 8601 text or unix seconds or ms (a number past 10^11 is ms), in ms; NaN if neither. */
function instant(value: unknown): number {
  if (typeof value === 'number') return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || value === '') return Number.NaN;
  return /^\d+$/.test(value) ? instant(Number(value)) : Date.parse(value);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local REST API for trying rest-poller without the internet. `GET /readings` answers a JSON
 * array of the ten newest readings (one a second), oldest first, so successive polls overlap and
 * ID_FIELD=id shows the dedupe at work; with `since`/`until` (ISO 8601 or unix seconds/ms) it lists
 * the readings of that window instead (WINDOW_IN=query), and `POST /readings/search` takes them in
 * a JSON body (WINDOW_IN=body). `POST /oauth/token` issues 60 s tokens to the client
 * `sample`/`sample-secret` by the client credentials grant, which `GET /secure/readings` demands.
 * Anything else is a 404 with a JSON error.
 */
export function createSampleApi(now: () => number = Date.now): Server {
  const tokens = new Map<string, number>();
  const readings = (since: unknown, until: unknown, res: ServerResponse): void => {
    const newest = Math.floor(now() / 1000);
    if (since === undefined && until === undefined) return send(res, 200, Array.from({ length: WINDOW }, (_, i) => readingAt(newest - WINDOW + 1 + i)));
    const from = Math.ceil(instant(since) / 1000);
    const to = Math.min(Math.ceil(instant(until ?? now()) / 1000), newest + 1);
    if (Number.isNaN(from) || Number.isNaN(to)) return send(res, 400, { error: 'since and until must be ISO 8601 instants or unix seconds or ms' });
    const count = Math.max(0, Math.min(to - from, MAX_WINDOW));
    return send(res, 200, Array.from({ length: count }, (_, i) => readingAt(from + i)));
  };
  const issue = (form: URLSearchParams, authorization: string | undefined, res: ServerResponse): void => {
    const basic = /^Basic (.+)$/i.exec(authorization ?? '')?.[1];
    const [id, secret] = basic === undefined ? [form.get('client_id'), form.get('client_secret')] : Buffer.from(basic, 'base64').toString().split(':');
    if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type', error_description: 'only client_credentials' });
    if (id !== SAMPLE_CLIENT.id || secret !== SAMPLE_CLIENT.secret) return send(res, 401, { error: 'invalid_client', error_description: `unknown client; use ${SAMPLE_CLIENT.id}` });
    const token = randomUUID();
    tokens.set(token, now() + SAMPLE_CLIENT.expiresInS * 1000);
    return send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: SAMPLE_CLIENT.expiresInS }, { 'cache-control': 'no-store' });
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sample');
    const route = `${req.method} ${url.pathname}`;
    const query = Object.fromEntries(url.searchParams);
    if (route === 'GET /readings') return readings(query['since'], query['until'], res);
    if (route === 'GET /secure/readings') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expires = token === undefined ? undefined : tokens.get(token);
      if (expires === undefined || expires <= now()) return send(res, 401, { error: 'invalid_token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
      return readings(query['since'], query['until'], res);
    }
    if (route === 'POST /readings/search' || route === 'POST /oauth/token') {
      readBody(req).then(
        (text) => {
          if (route === 'POST /oauth/token') return issue(new URLSearchParams(text), req.headers.authorization, res);
          let body: { since?: unknown; until?: unknown };
          try {
            body = JSON.parse(text) as typeof body;
          } catch {
            return send(res, 400, { error: 'the body must be JSON: {"since": …, "until": …}' });
          }
          return readings(body.since ?? null, body.until, res);
        },
        () => res.destroy(),
      );
      return;
    }
    send(res, 404, { error: `not found; ${ROUTES}` });
  });
}
