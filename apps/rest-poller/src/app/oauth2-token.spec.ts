import { systemClock } from '@quix-connectors/timing';
import { endpoint, startStandIn } from '../test/harness.js';
import type { OAuth2Auth } from './endpoint-config.js';
import { OAuth2Token } from './oauth2-token.js';
import type { PollFailure } from './poll-errors.js';
import { Redactor } from './redact.js';

// The token client on its own against a stand-in answering each request with the next answer.

type Answer = { status: number; body: string; headers?: Record<string, string> };

async function tokenClient(answers: Answer[], now = systemClock.now) {
  let calls = 0;
  const server = await startStandIn((app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    app.post('/token', async (_req, reply) => {
      const answer = answers[Math.min(calls++, answers.length - 1)] as Answer;
      return reply.code(answer.status).headers({ 'content-type': 'application/json', ...answer.headers }).send(answer.body);
    });
  });
  const auth: OAuth2Auth = { type: 'oauth2', tokenUrl: `${server.url}/token`, clientId: 'c', clientSecret: 'secret-1', clientAuth: 'basic', params: {} };
  const redactor = new Redactor([endpoint({ url: 'https://api.example.com/', auth })]);
  const token = new OAuth2Token(auth, { clock: { ...systemClock, now }, timeoutMs: 5000, redactor });
  return { token, redactor, calls: () => calls, close: server.close };
}

const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as PollFailure & { retryAfterMs?: number };
  }
  throw new Error('expected a failure');
};

describe('OAuth2Token', () => {
  it.each<[string, Answer, RegExp]>([
    ['no access_token', { status: 200, body: '{"token_type":"Bearer"}' }, /200 answer has no access_token/],
    ['a body that is not JSON', { status: 200, body: 'ok' }, /200 answer has no access_token/],
    ['a token type other than Bearer', { status: 200, body: '{"access_token":"t-1","token_type":"mac"}' }, /has token_type "mac", not Bearer/],
    ['an error without RFC 6749 fields', { status: 403, body: '<html>' }, /^token endpoint answered HTTP 403$/],
  ])('refuses a token answer with %s as an auth failure', async (_case, answer, message) => {
    const client = await tokenClient([answer]);
    const failure = await failureOf(client.token.get());
    expect(failure).toMatchObject({ kind: 'auth', message: expect.stringMatching(message) });
    await client.close();
  });

  it('makes a 429 a retriable failure carrying its Retry-After, and a 5xx one too', async () => {
    const client = await tokenClient([
      { status: 429, body: '{"error":"slow_down"}', headers: { 'retry-after': '7' } },
      { status: 502, body: '' },
    ]);
    expect(await failureOf(client.token.get())).toMatchObject({ kind: 'status', status: 429, retryAfterMs: 7000, message: 'token endpoint answered HTTP 429 (slow_down)' });
    expect(await failureOf(client.token.get())).toMatchObject({ kind: 'status', status: 502, retryAfterMs: undefined });
    await client.close();
  });

  it('reads expires_in given as text, and without it keeps the token until it is invalidated', async () => {
    let now = 1_000_000;
    const client = await tokenClient([
      { status: 200, body: '{"access_token":"t-1","token_type":"bearer","expires_in":"100"}' },
      { status: 200, body: '{"access_token":"t-2","token_type":"Bearer"}' },
      { status: 200, body: '{"access_token":"t-3"}' },
    ], () => now);
    expect(await client.token.get()).toBe('t-1');
    now += 89_000; // the margin of a 100 s token is 10 s
    expect(await client.token.get()).toBe('t-1');
    now += 2_000;
    expect(await client.token.get()).toBe('t-2');
    now += 365 * 86_400_000;
    expect(await client.token.get()).toBe('t-2');
    client.token.invalidate('t-1'); // an old token: the current one stays
    expect(await client.token.get()).toBe('t-2');
    client.token.invalidate('t-2');
    expect(await client.token.get()).toBe('t-3');
    expect(client.calls()).toBe(3);
    expect(client.redactor.text('t-1 t-2 t-3 secret-1')).toBe('[redacted] [redacted] [redacted] [redacted]');
    await client.close();
  });

  it('asks once for callers that want a token at the same time', async () => {
    const client = await tokenClient([{ status: 200, body: '{"access_token":"t-1","token_type":"Bearer","expires_in":3600}' }]);
    expect(await Promise.all([client.token.get(), client.token.get(), client.token.get()])).toEqual(['t-1', 't-1', 't-1']);
    expect(client.calls()).toBe(1);
    await client.close();
  });
});
