import { Writable } from 'node:stream';
import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createLogger } from '@quix-connectors/service';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { committedRows, endpoint, instantClock, pollerFor, recordingBadRecords, silent, startStandIn, transactionsOn } from '../test/harness.js';
import { startBearerApi, startTokenEndpoint } from '../test/token-endpoint.js';
import { startRestPoller } from './rest-poller.js';

// OAuth2 client credentials against a local token endpoint (RFC 6749 §4.4) and an API that
// demands its bearer token, publishing to the real broker.

let topic: string;
let producer: TransactionalProducer;
beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-oauth2' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(() => producer.close());

const CLIENT = { clientId: 'poller client', clientSecret: 'cl13nt-s3cret:x' };
const oauth2 = (tokenUrl: string, more: Record<string, unknown> = {}) => ({ type: 'oauth2' as const, tokenUrl, ...CLIENT, ...more });
let n = 0;
const nextRecord = () => [{ id: `r${++n}`, n }];

describe('OAuth2 client credentials', () => {
  it('fetches a token once with client_secret_basic, scope, audience and extra fields, and reuses it across polls', async () => {
    const tokens = await startTokenEndpoint({ ...CLIENT, scopes: ['read:items'], expiresInS: 3600 });
    const api = await startBearerApi(tokens.issued, nextRecord);
    const e = endpoint({ url: api.url, idField: 'id', auth: oauth2(tokens.tokenUrl, { scope: 'read:items', audience: 'https://api.example', params: { resource: 'items' } }) });
    const { poller, failures } = pollerFor(producer, e);
    for (let i = 0; i < 3; i += 1) expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(failures).toEqual([]);
    expect(tokens.requests).toHaveLength(1);
    expect(tokens.requests[0]).toEqual({
      authorization: `Basic ${Buffer.from('poller+client:cl13nt-s3cret%3Ax').toString('base64')}`,
      form: { grant_type: 'client_credentials', scope: 'read:items', audience: 'https://api.example', resource: 'items' },
    });
    expect(api.seen).toEqual([tokens.issued[0], tokens.issued[0], tokens.issued[0]]);
    expect(await committedRows(topic, e.name)).toHaveLength(3);
    await Promise.all([api.close(), tokens.close()]);
  });

  it('sends the client credentials as form fields with client_secret_post', async () => {
    const tokens = await startTokenEndpoint(CLIENT);
    const api = await startBearerApi(tokens.issued, nextRecord);
    const { poller } = pollerFor(producer, endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl, { clientAuth: 'post' }) }));
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(tokens.requests).toEqual([{ authorization: undefined, form: { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret } }]);
    await Promise.all([api.close(), tokens.close()]);
  });

  it('refreshes the token shortly before expires_in runs out, not before', async () => {
    const tokens = await startTokenEndpoint({ ...CLIENT, expiresInS: 60 });
    const api = await startBearerApi(tokens.issued, nextRecord);
    let now = Date.now();
    const { poller } = pollerFor(producer, endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl) }), { clock: instantClock(() => now) });
    await poller.poll();
    now += 50_000; // 10 s before expiry, past the 10% margin of a 60 s token (6 s): still good
    await poller.poll();
    expect(tokens.issued).toHaveLength(1);
    now += 5_000; // 5 s before expiry: inside the margin
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(tokens.issued).toHaveLength(2);
    expect(api.seen).toEqual([tokens.issued[0], tokens.issued[0], tokens.issued[1]]);
    await Promise.all([api.close(), tokens.close()]);
  });

  it('on a 401 from the API fetches a fresh token once and repeats the request', async () => {
    const tokens = await startTokenEndpoint({ ...CLIENT, expiresInS: 3600 });
    const api = await startBearerApi(tokens.issued, nextRecord);
    const e = endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl) });
    const { poller, failures, retries } = pollerFor(producer, e);
    expect(await poller.poll()).toMatchObject({ published: 1 });
    api.revoked.add(tokens.issued[0] as string); // revoked early, before its expiry
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(failures).toEqual([]);
    expect(retries).toEqual([]);
    expect(api.seen).toEqual([tokens.issued[0], tokens.issued[0], tokens.issued[1]]);
    await Promise.all([api.close(), tokens.close()]);
  });

  it('treats a 401 to a fresh token as an auth failure: one refresh only, nothing published, the next poll tries again', async () => {
    const tokens = await startTokenEndpoint(CLIENT);
    let refuse = true;
    const api = await startStandIn((app) => app.get('/items', async (req, reply) => (refuse ? reply.code(401).send() : [{ ok: req.headers.authorization?.startsWith('Bearer tok-') }])));
    const { poller, failures, retries } = pollerFor(producer, endpoint({ url: `${api.url}/items`, auth: oauth2(tokens.tokenUrl) }));
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(tokens.issued).toHaveLength(2);
    expect(retries).toEqual([]);
    expect(failures).toEqual([expect.objectContaining({ kind: 'auth', status: 401, message: expect.stringContaining('fresh OAuth2 token') })]);
    refuse = false;
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(tokens.issued).toHaveLength(2); // the token of the refused request is not known to be bad
    await Promise.all([api.close(), tokens.close()]);
  });

  it('retries a token endpoint outage (503, then no server at all) with backoff, and recovers', async () => {
    const tokens = await startTokenEndpoint(CLIENT);
    const api = await startBearerApi(tokens.issued, nextRecord);
    const e = endpoint({ url: api.url, idField: 'id', maxRetries: 3, auth: oauth2(tokens.tokenUrl) });
    const { poller, failures, retries } = pollerFor(producer, e);
    tokens.control.outage = 2;
    expect(await poller.poll()).toMatchObject({ published: 1 });
    expect(retries).toEqual([expect.objectContaining({ url: tokens.tokenUrl, status: 503 }), expect.objectContaining({ url: tokens.tokenUrl, status: 503 })]);
    expect(failures).toEqual([]);

    // The whole poll fails while the token endpoint is unreachable, and the next poll recovers.
    const down = await startTokenEndpoint(CLIENT);
    await down.close();
    const e2 = endpoint({ url: api.url, maxRetries: 1, auth: oauth2(down.tokenUrl) });
    const broken = pollerFor(producer, e2);
    expect(await broken.poller.poll()).toMatchObject({ published: 0 });
    expect(broken.retries).toEqual([expect.objectContaining({ url: down.tokenUrl })]);
    expect(broken.failures).toEqual([expect.objectContaining({ kind: 'network', url: down.tokenUrl, message: expect.stringMatching(/^token request failed/) })]);
    expect(await committedRows(topic, e2.name)).toEqual([]);
    await Promise.all([api.close(), tokens.close()]);
  });

  it.each([
    ['a wrong client secret', { clientSecret: 'wrong' }, 401, /HTTP 401 \(invalid_client: client authentication failed/],
    ['a scope not granted', { scope: 'admin' }, 400, /HTTP 400 \(invalid_scope: scope admin is not granted\)/],
  ])('reports %s with RFC 6749 error and description, without retrying', async (_case, more, status, message) => {
    const tokens = await startTokenEndpoint({ ...CLIENT, scopes: ['read:items'] });
    const api = await startBearerApi(tokens.issued, nextRecord);
    const { poller, failures, retries } = pollerFor(producer, endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl, more) }));
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(failures).toEqual([expect.objectContaining({ kind: 'auth', status, url: tokens.tokenUrl, message: expect.stringMatching(message) })]);
    expect(retries).toEqual([]);
    expect(api.seen).toEqual([]);
    await Promise.all([api.close(), tokens.close()]);
  });

  it('never logs the token or the client secret, even when a server echoes them', async () => {
    const tokens = await startTokenEndpoint({ ...CLIENT, expiresInS: 3600 });
    let mode: 'ok' | 'echo-401' | 'echo-500' = 'ok';
    // An API that puts the token it was sent into its error answers and their headers.
    const api = await startStandIn((app) =>
      app.get('/items', async (req, reply) => {
        const sent = req.headers.authorization ?? '';
        if (mode === 'echo-401') return reply.code(401).send({ message: `bad ${sent}` });
        if (mode === 'echo-500') return reply.code(500).header('x-debug', sent).send(`failed for ${sent}`);
        return [{ v: 1 }];
      }),
    );
    const lines: string[] = [];
    const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const logger = createLogger({ name: 'rest-poller', level: 'trace', pretty: false, destination });
    const e = endpoint({ url: `${api.url}/items`, maxRetries: 1, auth: oauth2(tokens.tokenUrl) });
    const { badRecords } = recordingBadRecords();
    const running = startRestPoller({ transactions: producer, state: new Map(), endpoints: [e], dedupeMaxIds: 10, logger, badRecords, clock: instantClock(), schedule: false, retry: { initialMs: 1, maxMs: 2, jitter: 0 }, fail: (err) => { throw err; } });
    const poller = running.pollers.get(e.name);
    if (poller === undefined) throw new Error('no poller');
    for (const m of ['ok', 'echo-401', 'echo-500', 'ok'] as const) {
      mode = m;
      await poller.poll();
    }
    // A token endpoint whose error description quotes the client secret.
    const echo = await startStandIn((app) => {
      app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
      app.post('/oauth/token', async (_req, reply) => reply.code(400).send({ error: 'invalid_request', error_description: `got ${CLIENT.clientSecret}` }));
    });
    const e2 = endpoint({ url: `${api.url}/items`, auth: oauth2(`${echo.url}/oauth/token`) });
    const second = startRestPoller({ transactions: producer, state: new Map(), endpoints: [e2], dedupeMaxIds: 10, logger, badRecords, clock: instantClock(), schedule: false, fail: (err) => { throw err; } });
    await second.pollers.get(e2.name)?.poll();
    await Promise.all([running.close(), second.close()]);

    const log = lines.join('');
    expect(tokens.issued.length).toBeGreaterThanOrEqual(2);
    expect(log).toMatch(/poll failed/);
    expect(log).toMatch(/retrying/);
    expect(log).toMatch(/invalid_request: got \[redacted\]/);
    expect(log).not.toContain(CLIENT.clientSecret);
    expect(log).not.toContain(Buffer.from(`poller+client:cl13nt-s3cret%3Ax`).toString('base64'));
    for (const token of tokens.issued) expect(log).not.toContain(token);
    await Promise.all([api.close(), tokens.close(), echo.close()]);
  });

  it('shares one token among the endpoints of one client, fetched once while they poll at the same time', async () => {
    const tokens = await startTokenEndpoint({ ...CLIENT, expiresInS: 3600 });
    const api = await startBearerApi(tokens.issued, nextRecord);
    const endpoints = [1, 2, 3].map(() => endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl) }));
    const other = endpoint({ url: api.url, auth: oauth2(tokens.tokenUrl, { clientAuth: 'post' }) });
    const { badRecords } = recordingBadRecords();
    const running = startRestPoller({ transactions: producer, state: new Map(), endpoints: [...endpoints, other], dedupeMaxIds: 10, logger: silent, badRecords, clock: instantClock(), schedule: false, fail: (err) => { throw err; } });
    const outcomes = await Promise.all([...running.pollers.values()].map((p) => p.poll()));
    await running.close();
    expect(outcomes.map((o) => o.published)).toEqual([1, 1, 1, 1]);
    // The three alike share a token; the one authenticating otherwise is another client setting.
    expect(tokens.requests.map((r) => (r.authorization === undefined ? 'post' : 'basic')).sort()).toEqual(['basic', 'post']);
    expect(new Set(api.seen)).toEqual(new Set(tokens.issued));
    await Promise.all([api.close(), tokens.close()]);
  });
});
