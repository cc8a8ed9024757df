import { createHmac } from 'node:crypto';
import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { receiverOnKafka, type ReceiverOnKafka } from '../testing/receiver-on-kafka.js';
import type { RouteEntry } from './route-config.js';

// Several paths on one listener (WEBHOOK_ROUTES), each with its own checks and destination, on a
// real broker: what each path accepted is read back from Kafka with its stream, tags and topic.

const logger = createLogger({ name: 'webhook-paths-test', level: 'silent' });
const GITHUB_SECRET = 'github-secret';
const SLACK_SECRET = 'slack-signing-secret';
const nowS = () => Math.floor(Date.now() / 1000);
const hex = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
const github = (body: string, delivery: string) => ({ 'x-hub-signature-256': `sha256=${hex(GITHUB_SECRET, body)}`, 'x-github-delivery': delivery });
const slack = (body: string, t = nowS()) => ({ 'x-slack-request-timestamp': String(t), 'x-slack-signature': `v0=${hex(SLACK_SECRET, `v0:${t}:${body}`)}` });

interface Event {
  key: string | null;
  id: string;
  value: { n: number };
  tags: Record<string, string>;
}
const events = async (topic: string): Promise<Event[]> =>
  (await readAll(testBrokers(), topic, { idleMs: 8000 })).map((m) => {
    const event = JSON.parse(m.value.toString()) as { Id: string; Value: string; Tags: Record<string, string> };
    return { key: m.key, id: event.Id, value: JSON.parse(event.Value) as { n: number }, tags: event.Tags };
  });

jest.setTimeout(120_000);

describe('several webhook paths on one listener', () => {
  let receiver: ReceiverOnKafka;
  let topic: string;
  let opsTopic: string;
  const post = (url: string, body: object, headers: Record<string, string> = {}) => {
    const payload = JSON.stringify(body);
    return receiver.http.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
  };

  beforeAll(async () => {
    const brokers = testBrokers();
    topic = await createTestTopic(brokers, { prefix: 'paths' });
    opsTopic = await createTestTopic(brokers, { prefix: 'paths-ops' });
    const routes: RouteEntry[] = [
      { path: '/github', scheme: 'github', secrets: [GITHUB_SECRET], streamId: 'github', tags: { source: 'github' } },
      { path: '/slack', scheme: 'slack', secrets: [SLACK_SECRET], challenges: ['slack'], streamId: 'slack', eventIdField: 'event_id' },
      { path: '/ops', scheme: 'none', authType: 'bearer', authTokens: ['ops-token'], topic: opsTopic, streamId: 'ops' },
    ];
    receiver = await receiverOnKafka({ brokers, topic, secret: 'unused', publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger, settings: { scheme: 'none', routes, pathTag: 'path' } });
  });
  afterAll(() => receiver.close());

  it('takes each path with its own scheme, and sends each to its own stream, tags and topic', async () => {
    const answers = [
      await post('/github', { type: 'push', n: 1 }, github(JSON.stringify({ type: 'push', n: 1 }), 'd-1')),
      // The same delivery id on another path is another event: ids are kept per path.
      await post('/slack', { type: 'event_callback', event_id: 'd-1', n: 2 }, slack(JSON.stringify({ type: 'event_callback', event_id: 'd-1', n: 2 }))),
      await post('/ops', { type: 'deploy', n: 3 }, { authorization: 'Bearer ops-token' }),
      // GitHub's signature is not Slack's: each path checks only with its own scheme and secrets.
      await post('/slack', { type: 'push', n: 4 }, github(JSON.stringify({ type: 'push', n: 4 }), 'd-4')),
      await post('/ops', { type: 'deploy', n: 5 }, github(JSON.stringify({ type: 'deploy', n: 5 }), 'd-5')),
      // The top-level path is not served once WEBHOOK_ROUTES lists the paths.
      await post('/webhook', { type: 'x', n: 6 }),
      // A redelivery on its own path is still a duplicate.
      await post('/github', { type: 'push', n: 1 }, github(JSON.stringify({ type: 'push', n: 1 }), 'd-1')),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 401, 401, 404, 200]);
    expect(answers[6].json()).toEqual({ status: 'duplicate' });

    expect(await events(topic)).toEqual([
      { key: 'github', id: 'push', value: { type: 'push', n: 1 }, tags: { source: 'github', path: '/github', 'delivery-id': 'd-1' } },
      { key: 'slack', id: 'd-1', value: { type: 'event_callback', event_id: 'd-1', n: 2 }, tags: { path: '/slack', 'delivery-id': 'd-1' } },
    ]);
    expect(await events(opsTopic)).toEqual([{ key: 'ops', id: 'deploy', value: { type: 'deploy', n: 3 }, tags: { path: '/ops' } }]);
  });

  it("answers Slack's signed url_verification with its challenge and publishes nothing for it", async () => {
    const check = { token: 'legacy', challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' };
    const answer = await post('/slack', check, slack(JSON.stringify(check)));
    expect({ status: answer.statusCode, body: answer.json() }).toEqual({ status: 200, body: { challenge: check.challenge } });
    // Unsigned, or signed long ago: refused like any other request.
    expect((await post('/slack', check)).statusCode).toBe(401);
    expect((await post('/slack', check, slack(JSON.stringify(check), nowS() - 3600))).statusCode).toBe(401);
    // Other paths do not answer challenges: the same body there is an ordinary webhook, published.
    expect((await post('/ops', check, { authorization: 'Bearer ops-token' })).json()).toEqual({ status: 'accepted' });
    const published = (await events(opsTopic)).map((e) => e.value);
    expect(published).toContainEqual(check);
    expect((await events(topic)).map((e) => e.value)).not.toContainEqual(check);
  });
});
