import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { receiverOnKafka, type ReceiverOnKafka } from '../testing/receiver-on-kafka.js';

// What a webhook path answers besides webhooks: GET subscription handshakes (echo, meta), CORS
// preflights for the configured origins, and the configured response headers on every answer.
// Nothing here is published: the topic stays empty but for the one webhook posted on purpose.

const logger = createLogger({ name: 'webhook-handshakes-test', level: 'silent' });

jest.setTimeout(120_000);

describe('handshakes, CORS and response headers', () => {
  let receiver: ReceiverOnKafka;
  let topic: string;
  const get = (url: string) => receiver.http.inject({ method: 'GET', url });

  beforeAll(async () => {
    const brokers = testBrokers();
    topic = await createTestTopic(brokers, { prefix: 'handshakes' });
    receiver = await receiverOnKafka({
      brokers, topic, secret: 'unused', publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger,
      settings: {
        scheme: 'none', authType: 'api-key', authTokens: ['key-1'], authHeader: 'X-Hook-Key',
        routes: [
          { path: '/dropbox', challenges: ['echo'] },
          { path: '/meta', challenges: ['meta'], challengeVerifyToken: 'my-verify-token' },
          { path: '/plain' },
        ],
        corsOrigins: ['https://app.example.com'],
        responseHeaders: { 'X-Served-By': 'quix-webhooks', 'Cache-Control': 'no-store' },
      },
    });
  });
  afterAll(() => receiver.close());

  it('echo: GET ?challenge= is answered with the value as text/plain, nosniff; anything else is 400', async () => {
    const ok = await get('/dropbox?challenge=Xb7Q9-zz_1');
    expect({ status: ok.statusCode, type: ok.headers['content-type'], sniff: ok.headers['x-content-type-options'], body: ok.body }).toEqual({
      status: 200, type: 'text/plain; charset=utf-8', sniff: 'nosniff', body: 'Xb7Q9-zz_1',
    });
    for (const url of ['/dropbox', '/dropbox?challenge=', '/dropbox?challenge=%3Cscript%3E%20x', `/dropbox?challenge=${'a'.repeat(1025)}`]) {
      expect({ url, status: (await get(url)).statusCode }).toEqual({ url, status: 400 });
    }
  });

  it('meta: hub.challenge comes back only with the right hub.verify_token (403 otherwise)', async () => {
    const url = (token: string, mode = 'subscribe') => `/meta?hub.mode=${mode}&hub.challenge=1158201444&hub.verify_token=${token}`;
    const ok = await get(url('my-verify-token'));
    expect({ status: ok.statusCode, body: ok.body }).toEqual({ status: 200, body: '1158201444' });
    expect((await get(url('my-verify-toke'))).statusCode).toBe(403);
    expect((await get('/meta?hub.mode=subscribe&hub.challenge=1')).statusCode).toBe(403);
    expect((await get(url('my-verify-token', 'unsubscribe'))).statusCode).toBe(400);
  });

  it('a path without GET handshakes has no GET route', async () => {
    expect((await get('/plain?challenge=abc')).statusCode).toBe(404);
  });

  it('answers the preflight of an allowed origin without credentials, with the headers its routes read; others get no CORS headers', async () => {
    const preflight = (origin: string) =>
      receiver.http.inject({ method: 'OPTIONS', url: '/plain', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-hook-key' } });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.statusCode).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(String(allowed.headers['access-control-allow-headers']).split(/,\s*/)).toEqual(expect.arrayContaining(['content-type', 'x-hook-key']));
    const other = await preflight('https://evil.example.net');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const posted = await receiver.http.inject({
      method: 'POST', url: '/plain', payload: '{"type":"click","n":1}',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json', 'x-hook-key': 'key-1' },
    });
    expect({ status: posted.statusCode, origin: posted.headers['access-control-allow-origin'] }).toEqual({ status: 200, origin: 'https://app.example.com' });
  });

  it('adds RESPONSE_HEADERS to every answer of the webhook paths: accepted, refused and handshakes', async () => {
    const answers = [
      await receiver.http.inject({ method: 'POST', url: '/plain', payload: '{"n":2}', headers: { 'content-type': 'application/json', 'x-hook-key': 'key-1' } }),
      await receiver.http.inject({ method: 'POST', url: '/plain', payload: '{"n":3}', headers: { 'content-type': 'application/json' } }),
      await receiver.http.inject({ method: 'POST', url: '/plain', payload: 'not json', headers: { 'content-type': 'application/json', 'x-hook-key': 'key-1' } }),
      await get('/dropbox?challenge=abc'),
    ];
    expect(answers.map((a) => [a.statusCode, a.headers['x-served-by'], a.headers['cache-control']])).toEqual([
      [200, 'quix-webhooks', 'no-store'],
      [401, 'quix-webhooks', 'no-store'],
      [400, 'quix-webhooks', 'no-store'],
      [200, 'quix-webhooks', 'no-store'],
    ]);
    const published = (await readAll(testBrokers(), topic, { idleMs: 8000 })).map((m) => JSON.parse(JSON.parse(m.value.toString()).Value));
    expect(published).toEqual([{ type: 'click', n: 1 }, { n: 2 }]);
  });
});
