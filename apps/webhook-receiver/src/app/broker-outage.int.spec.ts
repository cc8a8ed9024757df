import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, startJarBroker, type JarBroker } from '@quix-connectors/testing';
import { standardWebhooksHeaders } from '../testing/sign.js';
import { receiverOnKafka } from '../testing/receiver-on-kafka.js';

// A broker of this test's own (Apache Kafka from the jars), frozen and thawed: while it cannot
// store anything the receiver answers 503 with Retry-After, never 2xx; once it is back, the
// sender's retries are accepted, and every webhook answered 200 is in the topic.

const SECRET = 'whsec_' + Buffer.from('outage test key').toString('base64');
const logger = createLogger({ name: 'webhook-outage-test', level: 'silent' });

jest.setTimeout(180_000);

describe('webhook receiver while the broker is down', () => {
  let broker: JarBroker;
  beforeAll(async () => {
    broker = await startJarBroker();
  }, 120_000);
  afterAll(async () => {
    await broker?.resume().catch(() => undefined);
    await broker?.stop();
  });

  it('answers 503 with Retry-After while Kafka cannot store, and 200 again once it is back', async () => {
    const topic = await createTestTopic(broker.brokers, { prefix: 'webhooks-outage' });
    const { http, close } = await receiverOnKafka({ brokers: broker.brokers, topic, secret: SECRET, publishTimeoutMs: 2_000, connectTimeoutMs: 10_000, logger });
    const send = (id: string) => {
      const body = JSON.stringify({ type: 'order.created', id });
      return http.inject({ method: 'POST', url: '/webhook', payload: body, headers: standardWebhooksHeaders(SECRET, id, body, Math.floor(Date.now() / 1000)) });
    };
    const answered200 = new Set<string>();
    try {
      const before = await send('msg_before');
      expect(before.statusCode).toBe(200);
      answered200.add('msg_before');

      await broker.pause();
      const during = await send('msg_during');
      // status and body together, so a failure shows which answer came back
      expect({ status: during.statusCode, body: during.body }).toEqual({ status: 503, body: expect.stringContaining('unavailable') });
      expect(during.headers['retry-after']).toBe('5');

      await broker.resume();
      // The sender retries the refused webhook (same id) until it is accepted.
      let retried = await send('msg_during');
      for (let attempt = 1; retried.statusCode !== 200 && attempt < 30; attempt += 1) {
        expect(retried.statusCode).toBe(503);
        await new Promise((r) => setTimeout(r, 1000));
        retried = await send('msg_during');
      }
      expect(retried.statusCode).toBe(200);
      answered200.add('msg_during');
      const after = await send('msg_after');
      expect(after.statusCode).toBe(200);
      answered200.add('msg_after');
    } finally {
      await broker.resume().catch(() => undefined);
      await close();
    }
    const stored = (await readAll(broker.brokers, topic, { idleMs: 30_000 })).map(
      (m) => (JSON.parse(m.value.toString()) as { Tags: Record<string, string> }).Tags['delivery-id'],
    );
    // Every 200 is stored; the 503'd attempt may also have landed late (a duplicate senders tolerate).
    expect([...answered200].filter((id) => !stored.includes(id))).toEqual([]);
    expect(new Set(stored)).toEqual(answered200);
  });
});
