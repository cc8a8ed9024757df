import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { standardWebhooksHeaders } from '../testing/sign.js';
import { receiverOnKafka } from '../testing/receiver-on-kafka.js';
import type { WebhookSettings } from './webhook-receiver.js';

// Senders that do not sign (AUTH_TYPE) on a real broker: only webhooks with accepted credentials
// reach the topic; every other one gets 401 (with WWW-Authenticate where HTTP defines one).

const logger = createLogger({ name: 'sender-auth-test', level: 'silent' });
const SECRET = 'whsec_' + Buffer.from('sender auth key').toString('base64');
const basic = (login: string) => `Basic ${Buffer.from(login).toString('base64')}`;

jest.setTimeout(120_000);

interface Attempt {
  headers: Record<string, string>;
  status: number;
  challenge?: RegExp;
}

async function check(settings: Partial<WebhookSettings>, attempts: Attempt[], sign = false): Promise<void> {
  const brokers = testBrokers();
  const topic = await createTestTopic(brokers, { prefix: `auth-${settings.authType}` });
  const { http, close } = await receiverOnKafka({ brokers, topic, secret: SECRET, publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger, settings: { scheme: sign ? 'standard-webhooks' : 'none', ...settings } });
  const nowS = Math.floor(Date.now() / 1000);
  try {
    for (const [i, attempt] of attempts.entries()) {
      const body = JSON.stringify({ type: 'try', n: i });
      const signature = sign ? standardWebhooksHeaders(SECRET, `msg_${i}`, body, nowS) : {};
      const reply = await http.inject({ method: 'POST', url: '/webhook', payload: body, headers: { 'content-type': 'application/json', ...signature, ...attempt.headers } });
      expect({ i, status: reply.statusCode }).toEqual({ i, status: attempt.status });
      if (attempt.challenge) expect(reply.headers['www-authenticate']).toMatch(attempt.challenge);
      if (attempt.status === 401) expect(JSON.stringify(reply.json())).not.toMatch(/tok-|s3cret|k3y/);
    }
    const accepted = attempts.flatMap((a, i) => (a.status === 200 ? [i] : []));
    const messages = await readAll(brokers, topic, { idleMs: 10_000 });
    expect(messages.map((m) => (JSON.parse(JSON.parse(m.value.toString()).Value) as { n: number }).n)).toEqual(accepted);
  } finally {
    await close();
  }
}

describe('webhook senders that do not sign', () => {
  it('bearer: any of AUTH_TOKENS is accepted (rotation); a wrong or missing token is 401 Bearer', () =>
    check({ authType: 'bearer', authTokens: ['tok-old', 'tok-new'] }, [
      { headers: { authorization: 'Bearer tok-old' }, status: 200 },
      { headers: { authorization: 'bearer tok-new' }, status: 200 },
      { headers: { authorization: 'Bearer tok-ol' }, status: 401, challenge: /^Bearer error="invalid_token"$/ },
      { headers: { authorization: 'Bearer tok-old-and-more' }, status: 401 },
      { headers: { authorization: basic('tok-old:x') }, status: 401, challenge: /^Bearer$/ },
      { headers: {}, status: 401, challenge: /^Bearer$/ },
    ]));

  it('basic: any of AUTH_LOGINS, passwords may hold colons; anything else is 401 Basic with the realm', () =>
    check({ authType: 'basic', authLogins: ['ops:s3cret', 'ci:pa:ss'] }, [
      { headers: { authorization: basic('ops:s3cret') }, status: 200 },
      { headers: { authorization: basic('ci:pa:ss') }, status: 200 },
      { headers: { authorization: basic('ops:s3cre') }, status: 401, challenge: /^Basic realm="webhooks", charset="UTF-8"$/ },
      { headers: { authorization: basic('ops') }, status: 401 },
      { headers: { authorization: 'Basic %%%' }, status: 401 },
      { headers: {}, status: 401, challenge: /^Basic realm="webhooks"/ },
    ]));

  it('api-key: the key in AUTH_HEADER (any case); a wrong, empty or missing key is 401', () =>
    check({ authType: 'api-key', authTokens: ['k3y-1', 'k3y-2'], authHeader: 'X-Hook-Key' }, [
      { headers: { 'x-hook-key': 'k3y-2' }, status: 200 },
      { headers: { 'X-HOOK-KEY': 'k3y-1' }, status: 200 },
      { headers: { 'x-hook-key': 'k3y-3' }, status: 401 },
      { headers: { 'x-hook-key': '' }, status: 401 },
      { headers: { 'x-api-key': 'k3y-1' }, status: 401 },
    ]));

  it('combined with a signature scheme: both must hold', () =>
    check(
      { authType: 'bearer', authTokens: ['tok-a'] },
      [
        { headers: { authorization: 'Bearer tok-a' }, status: 200 },
        { headers: { authorization: 'Bearer tok-b' }, status: 401 },
        { headers: { authorization: 'Bearer tok-a', 'webhook-signature': 'v1,AAAA' }, status: 401 },
      ],
      true,
    ));
});
