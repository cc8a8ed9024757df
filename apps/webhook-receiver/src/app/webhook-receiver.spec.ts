import { createHmac } from 'node:crypto';
import { QuixProducer } from '@quix-connectors/quix-producer';
import { createLogger, type RunningApp } from '@quix-connectors/service';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { Registry } from 'prom-client';
import { loadConfig } from '@quix-connectors/config';
import { ControllableSink } from '../testing/controllable-sink.js';
import { startWebhookReceiver, type WebhookSettings } from './webhook-receiver.js';
import { webhookVariables } from './webhook-variables.js';

const SECRET = 'whsec_' + Buffer.from('receiver test key').toString('base64');
const logger = createLogger({ name: 'webhook-test', level: 'silent' });

const defaults: WebhookSettings = {
  streamId: 'webhooks',
  path: '/webhook',
  scheme: 'github',
  secrets: [SECRET],
  signatureHeader: 'x-signature',
  signatureEncoding: 'hex',
  toleranceS: 300,
  eventIdField: 'type',
  tagHeaders: ['user-agent', 'x-github-event'],
  dedupeWindowS: 3600,
  dedupeMaxIds: 1000,
  maxBodyBytes: 1024,
  rateLimitPerS: 0,
  publishTimeoutMs: 60_000,
  retryAfterS: 7,
  maxMessageBytes: 1_000_000,
};

interface Harness {
  http: FastifyInstance;
  sink: ControllableSink;
  producer: QuixProducer;
  app: RunningApp;
  registry: Registry;
  post(body: string, options?: { delivery?: string; headers?: Record<string, string>; sign?: boolean }): Promise<LightMyRequestResponse>;
}

const open: Harness[] = [];

async function harness(settings: Partial<WebhookSettings> = {}, maxPendingBytes = 1_000_000): Promise<Harness> {
  const sink = new ControllableSink();
  // Tiny retry delays: a failed send is retried at once.
  const producer = new QuixProducer({ sink, topic: 't', format: 'json', maxMessageBytes: settings.maxMessageBytes ?? 1_000_000, maxPendingBytes, buffer: { timeSpanMs: 100, maxRows: 100 }, retry: { initialMs: 1, maxMs: 5, jitter: 0 } });
  await producer.connect();
  const http = Fastify();
  const registry = new Registry();
  const app = await startWebhookReceiver({ http, producer, logger, settings: { ...defaults, ...settings }, metrics: registry });
  const post: Harness['post'] = (body, options = {}) => {
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    return http.inject({
      method: 'POST',
      url: '/webhook',
      payload: body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/abc',
        'x-github-event': 'push',
        ...(options.sign === false ? {} : { 'x-hub-signature-256': signature }),
        ...(options.delivery ? { 'x-github-delivery': options.delivery } : {}),
        ...options.headers,
      },
    });
  };
  const h = { http, sink, producer, app, registry, post };
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    h.sink.failWith = undefined;
    h.sink.release();
    await h.app.close();
    await h.producer.close();
    await h.http.close();
  }
});

describe('webhook receiver', () => {
  it('counts its answers by status code, with their durations, for /metrics', async () => {
    const { post, registry } = await harness();
    expect((await post('{"type":"a"}', { delivery: 'd-1' })).statusCode).toBe(200);
    expect((await post('{"type":"a"}', { delivery: 'd-1' })).statusCode).toBe(200); // a duplicate
    expect((await post('{"type":"b"}', { sign: false })).statusCode).toBe(401);
    expect((await post('{not json')).statusCode).toBe(400);
    const [requests, durations] = await Promise.all(['webhook_requests_total', 'webhook_request_duration_seconds'].map((name) => registry.getSingleMetric(name)?.get()));
    expect(Object.fromEntries(requests?.values.map((v) => [v.labels['status'], v.value]) ?? [])).toEqual({ '200': 2, '401': 1, '400': 1 });
    const counts = durations?.values.filter((v) => (v as { metricName?: string }).metricName === 'webhook_request_duration_seconds_count');
    expect(Object.fromEntries(counts?.map((v) => [v.labels['status'], v.value]) ?? [])).toEqual({ '200': 2, '401': 1, '400': 1 });
  });

  it('answers 200 with the event stored: id from the body, value = the raw body, tags from headers and the delivery id', async () => {
    const { post, sink } = await harness();
    const body = '{"type":"push", "ref":"refs/heads/main"}';
    const res = await post(body, { delivery: 'd-1' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'accepted' });
    expect(sink.sent.map((m) => m.key)).toEqual(['webhooks']);
    expect(sink.events).toEqual([
      expect.objectContaining({ Id: 'push', Value: body, Tags: { 'user-agent': 'GitHub-Hookshot/abc', 'x-github-event': 'push', 'delivery-id': 'd-1' } }),
    ]);
  });

  it('answers only after Kafka acknowledged', async () => {
    const { post, sink } = await harness();
    sink.hold = true;
    const sending = sink.nextSend();
    let answered = false;
    const reply = post('{"type":"a"}').then((r) => ((answered = true), r));
    await sending;
    expect(answered).toBe(false);
    expect(sink.sent).toHaveLength(0);
    sink.release();
    expect((await reply).statusCode).toBe(200);
    expect(sink.sent).toHaveLength(1);
  });

  it('shares one produce call among concurrent requests', async () => {
    const { post, sink, producer } = await harness();
    sink.hold = true;
    const first = sink.nextSend();
    const replies = [post('{"type":"first"}')];
    await first;
    for (let i = 0; i < 50; i += 1) replies.push(post(`{"type":"e${i}"}`));
    // every request queued behind the held send, then let it go
    while (producer.stats().queuedMessages < 51) await new Promise((r) => setImmediate(r));
    sink.release();
    const codes = (await Promise.all(replies)).map((r) => r.statusCode);
    expect(codes.every((c) => c === 200)).toBe(true);
    expect(sink.sent).toHaveLength(51);
    expect(sink.sends).toBe(2);
  });

  it.each([
    ['no signature', 401, { sign: false }],
    ['a wrong signature', 401, { headers: { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } }],
    ['a signature in another format', 401, { headers: { 'x-hub-signature-256': 'nonsense' } }],
    ['text/plain', 415, { headers: { 'content-type': 'text/plain' } }],
    ['form data', 415, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
  ])('refuses %s with %i and publishes nothing', async (_name, code, options) => {
    const { post, sink } = await harness();
    const res = await post('{"type":"x"}', options);
    expect(res.statusCode).toBe(code);
    expect(sink.sent).toHaveLength(0);
  });

  it.each(['application/cloudevents+json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON', 'application/vnd.api+json; charset=utf-8; profile="x"'])(
    'accepts the JSON media type %s (as senders such as .NET send it)',
    async (type) => {
      const { post, sink } = await harness();
      expect((await post('{"type":"x"}', { headers: { 'content-type': type } })).statusCode).toBe(200);
      expect(sink.sent).toHaveLength(1);
    },
  );

  it('answers a POST with a signature but no body and no content type 400, never 5xx', async () => {
    const { http, sink } = await harness();
    const res = await http.inject({ method: 'POST', url: '/webhook', headers: { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/JSON body is required/);
    expect(sink.sent).toHaveLength(0);
  });

  it('answers an event larger than one Kafka message 413, naming MAX_MESSAGE_BYTES, not 503 "retry" forever', async () => {
    const { post, sink } = await harness({ maxMessageBytes: 2000, maxBodyBytes: 1 << 20 });
    const res = await post(JSON.stringify({ type: 'big', blob: 'x'.repeat(3000) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toMatch(/MAX_MESSAGE_BYTES, 2000 bytes/);
    expect(sink.sent).toHaveLength(0);
    expect((await post('{"type":"small"}')).statusCode).toBe(200);
  });

  it('answers 413 also for a quote-heavy body under the limit whose encoded event is over it (each quote is escaped again)', async () => {
    const { post, sink } = await harness({ maxMessageBytes: 2000, maxBodyBytes: 1 << 20 });
    const body = JSON.stringify({ type: 'quotes', q: '"'.repeat(700) });
    expect(Buffer.byteLength(body)).toBeLessThan(2000);
    const res = await post(body);
    expect({ status: res.statusCode, message: res.json().message }).toEqual({ status: 413, message: expect.stringMatching(/MAX_MESSAGE_BYTES, 2000 bytes/) });
    expect(sink.sent).toHaveLength(0);
  });

  it('keeps an id beyond 2^53 exactly as the sender wrote it', async () => {
    const { post, sink } = await harness({ eventIdField: 'id' });
    expect((await post('{"id":1234567890123456789}')).statusCode).toBe(200);
    expect((await post('{"id":1234567890123456790}')).statusCode).toBe(200);
    expect(sink.events.map((e) => e.Id)).toEqual(['1234567890123456789', '1234567890123456790']);
  });

  it('takes WEBHOOK_SECRETS as a JSON list, so a secret may hold a comma, and accepts a request signed with it', async () => {
    const { secrets } = loadConfig(webhookVariables, { SIGNATURE_SCHEME: 'github', WEBHOOK_SECRETS: '["with,comma","other"]' });
    expect(secrets).toEqual(['with,comma', 'other']);
    const h = await harness({ secrets });
    const body = JSON.stringify({ type: 'push' });
    const signedWith = (secret: string) => ({ 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });
    expect((await h.post(body, { sign: false, headers: signedWith('with,comma') })).statusCode).toBe(200);
    expect((await h.post(body, { sign: false, headers: signedWith('with') })).statusCode).toBe(401);
    expect((await h.post(body, { sign: false, headers: signedWith('comma') })).statusCode).toBe(401);
    expect(h.sink.sent).toHaveLength(1);
  });

  it('refuses a signed body that is not JSON with 400', async () => {
    const { post, sink } = await harness();
    expect((await post('{"type":')).statusCode).toBe(400);
    expect(sink.sent).toHaveLength(0);
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const { post, sink } = await harness({ maxBodyBytes: 100 });
    expect((await post(JSON.stringify({ type: 'x', pad: 'p'.repeat(100) }))).statusCode).toBe(413);
    expect((await post(JSON.stringify({ type: 'x', pad: 'p'.repeat(50) }))).statusCode).toBe(200);
    expect(sink.sent).toHaveLength(1);
  });

  it('takes "webhook" as the id when the field is missing or not a string, and a configured field', async () => {
    const { post, sink } = await harness({ eventIdField: 'event' });
    await post('{"event":"order.paid"}');
    await post('{"type":"x"}');
    await post('[1,2]');
    expect(sink.events.map((e) => e.Id)).toEqual(['order.paid', 'webhook', 'webhook']);
  });

  it('answers a redelivered id 200 without publishing again, also when both arrive at once', async () => {
    const { post, sink } = await harness();
    expect((await post('{"type":"a"}', { delivery: 'same' })).json()).toEqual({ status: 'accepted' });
    expect((await post('{"type":"a"}', { delivery: 'same' })).json()).toEqual({ status: 'duplicate' });
    const both = await Promise.all([post('{"type":"b"}', { delivery: 'twin' }), post('{"type":"b"}', { delivery: 'twin' })]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(sink.events.map((e) => e.Tags['delivery-id'])).toEqual(['same', 'twin']);
  });

  it('publishes again after the dedupe window', async () => {
    const { post, sink } = await harness({ dedupeWindowS: 0 });
    await post('{"type":"a"}', { delivery: 'd' });
    await post('{"type":"a"}', { delivery: 'd' });
    expect(sink.sent).toHaveLength(2);
  });

  it('answers 503 with Retry-After while Kafka fails, at once while not ready, and 200 again once it is back', async () => {
    const { post, sink, producer } = await harness({ publishTimeoutMs: 60_000 });
    sink.hold = true;
    sink.failWith = Object.assign(new Error('broker down'), { name: 'KafkaJSConnectionError' });
    const sending = sink.nextSend();
    const first = post('{"type":"in-flight"}', { delivery: 'r-1' });
    await sending;
    sink.release();
    while (producer.isReady()) await new Promise((r) => setImmediate(r));
    const started = Date.now();
    const whileDown = await post('{"type":"down"}', { delivery: 'r-2' });
    expect(whileDown.statusCode).toBe(503);
    expect(whileDown.headers['retry-after']).toBe('7');
    expect(Date.now() - started).toBeLessThan(40); // at once: not after PUBLISH_TIMEOUT_MS
    sink.failWith = undefined;
    // the one already handed to Kafka is answered by Kafka's outcome: 200 once the broker is back
    expect((await first).statusCode).toBe(200);
    while (!producer.isReady()) await new Promise((r) => setImmediate(r));
    expect((await post('{"type":"down"}', { delivery: 'r-2' })).statusCode).toBe(200);
    expect(sink.events.map((e) => e.Tags['delivery-id'])).toEqual(['r-1', 'r-2']);
  });

  it('answers a webhook still with Kafka at PUBLISH_TIMEOUT_MS by Kafka\'s outcome, never 503 (it may land), and its redelivery meanwhile is a duplicate once it landed', async () => {
    const { post, sink } = await harness({ publishTimeoutMs: 50 });
    sink.hold = true;
    const sending = sink.nextSend();
    let answered = false;
    const first = post('{"type":"slow"}', { delivery: 'd-1' }).then((r) => ((answered = true), r));
    await sending; // with Kafka: it cannot be withdrawn
    await new Promise((r) => setTimeout(r, 200)); // well past PUBLISH_TIMEOUT_MS
    expect(answered).toBe(false);
    const again = post('{"type":"slow"}', { delivery: 'd-1' }); // the sender gave up waiting and redelivers
    sink.release();
    expect((await first).statusCode).toBe(200);
    const redelivered = await again;
    expect([redelivered.statusCode, redelivered.json()]).toEqual([200, { status: 'duplicate' }]);
    expect(sink.events.map((e) => e.Tags['delivery-id'])).toEqual(['d-1']);
  });

  it('answers 504 (outcome unknown), not 503, for a webhook with Kafka when shutdown gives up on it; 503 for one still queued', async () => {
    const { post, sink, app, producer } = await harness({ publishTimeoutMs: 60_000, scheme: 'none', secrets: [] });
    sink.hold = true;
    const sending = sink.nextSend();
    const withKafka = post('{"type":"sent"}', { sign: false });
    await sending;
    const queued = post('{"type":"queued"}', { sign: false });
    await new Promise((r) => setTimeout(r, 50));
    const closing = app.close();
    await producer.close({ deadlineMs: 100 }); // the runtime's deadline passes: the producer gives up
    await closing;
    expect([(await withKafka).statusCode, (await queued).statusCode]).toEqual([504, 503]);
    expect((await withKafka).json()).toMatchObject({ error: 'outcome_unknown' });
  });

  it('answers 503 at once when there is no room, and a webhook answered 503 never appears in the topic later', async () => {
    const { post, sink } = await harness({ publishTimeoutMs: 50 }, 200);
    sink.hold = true;
    const sending = sink.nextSend();
    const first = post('{"type":"first"}');
    await sending;
    // The first is in flight; the second waits in the queue, then times out: withdrawn, never sent.
    const second = await post('{"type":"second"}');
    expect(second.statusCode).toBe(503);
    // No room for a third (the budget holds the first): 503 before its body is read.
    const third = await post(JSON.stringify({ type: 'third', pad: 'x'.repeat(300) }));
    expect(third.statusCode).toBe(503);
    sink.release();
    expect((await first).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(sink.events.map((e) => e.Id)).toEqual(['first']);
  });

  it('answers 429 with Retry-After over the rate limit', async () => {
    const { post } = await harness({ rateLimitPerS: 1 });
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => post(`{"type":"r${i}"}`)));
    const limited = replies.filter((r) => r.statusCode === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]?.headers['retry-after']).toBeDefined();
  });

  it('answers 503 once closing, after answering what was in progress', async () => {
    const { post, sink, app } = await harness();
    sink.hold = true;
    const sending = sink.nextSend();
    const inProgress = post('{"type":"before"}');
    await sending;
    const closing = app.close();
    expect((await post('{"type":"after"}')).statusCode).toBe(503);
    sink.release();
    await closing;
    expect((await inProgress).statusCode).toBe(200);
  });

  it('never answers 404 for other paths on this route', async () => {
    const { http } = await harness();
    expect((await http.inject({ method: 'POST', url: '/other', payload: '{}', headers: { 'content-type': 'application/json' } })).statusCode).toBe(404);
  });
});
