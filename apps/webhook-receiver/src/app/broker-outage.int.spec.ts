import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, startRestartableBroker, type RestartableBroker } from '@quix-connectors/testing';
import { standardWebhooksHeaders } from '../testing/sign.js';
import { receiverOnKafka } from '../testing/receiver-on-kafka.js';

// A broker of this test's own, SIGKILLed and started again on the same port while a sender keeps
// sending and retrying what was answered 503, as webhook senders do. Every webhook answered 200
// is in the topic, none twice, and while the broker is down the answer is 503 at once.

const SECRET = 'whsec_' + Buffer.from('outage test key').toString('base64');
const logger = createLogger({ name: 'webhook-outage-test', level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

jest.setTimeout(240_000);

describe('webhook receiver through a broker outage', () => {
  let broker: RestartableBroker;
  beforeAll(async () => {
    broker = await startRestartableBroker();
  }, 120_000);
  afterAll(() => broker?.stop());

  it('answers 503 with Retry-After at once while Kafka cannot store; every 200 is in the topic once', async () => {
    const topic = await createTestTopic(broker.brokers, { prefix: 'webhooks-outage' });
    const { http, close } = await receiverOnKafka({ brokers: broker.brokers, topic, secret: SECRET, publishTimeoutMs: 2_000, connectTimeoutMs: 10_000, logger });
    const send = (id: string) => {
      const body = JSON.stringify({ type: 'order.created', id });
      return http.inject({ method: 'POST', url: '/webhook', payload: body, headers: standardWebhooksHeaders(SECRET, id, body, Math.floor(Date.now() / 1000)) });
    };
    const answered200 = new Set<string>();
    const waiting = new Set<string>(); // answered 503: the sender sends them again
    const inFlight = new Map<string, Promise<void>>(); // a webhook with Kafka waits for its answer; the sender goes on meanwhile
    let next = 0;
    let fast503 = 0;
    const deliver = async (id: string) => {
      const started = Date.now();
      const reply = await send(id);
      if (reply.statusCode === 200) {
        answered200.add(id);
        waiting.delete(id);
      } else {
        expect(reply.statusCode).toBe(503);
        expect(reply.headers['retry-after']).toBe('5');
        if (Date.now() - started < 200) fast503 += 1;
        waiting.add(id);
      }
    };
    const round = async () => {
      for (const id of [...waiting, `msg_${next++}`]) {
        if (inFlight.has(id)) continue;
        const delivering = deliver(id).finally(() => inFlight.delete(id));
        inFlight.set(id, delivering);
        await Promise.race([delivering, sleep(50)]);
      }
    };
    try {
      for (let i = 0; i < 10; i++) await round();
      await broker.kill();
      const downUntil = Date.now() + 25_000;
      while (Date.now() < downUntil) {
        await round();
        await sleep(200);
      }
      await broker.restart();
      for (let i = 0; i < 120 && (waiting.size > 0 || inFlight.size > 0 || i < 10); i++) {
        await round();
        await sleep(250);
      }
      await Promise.all(inFlight.values());
    } finally {
      await close();
    }
    expect(waiting.size).toBe(0);
    expect(fast503).toBeGreaterThan(20);
    const stored = (await readAll(broker.brokers, topic, { idleMs: 20_000 })).map(
      (m) => (JSON.parse(m.value.toString()) as { Tags: Record<string, string> }).Tags['delivery-id'],
    );
    expect([...answered200].filter((id) => !stored.includes(id))).toEqual([]); // none lost
    expect(stored.length).toBe(new Set(stored).size); // none twice
    expect(new Set(stored)).toEqual(answered200);
  });

  it('never answers 503 for a webhook already with Kafka: one sent as the broker dies is answered 200 once it is back, and is in the topic once', async () => {
    const topic = await createTestTopic(broker.brokers, { prefix: 'webhooks-in-flight' });
    // No delivery id (scheme none), as in the fault suite: nothing could dedupe a 503'd webhook the broker wrote anyway.
    const { http, close } = await receiverOnKafka({ brokers: broker.brokers, topic, secret: SECRET, publishTimeoutMs: 1_000, connectTimeoutMs: 10_000, logger, settings: { scheme: 'none', secrets: [], eventIdField: 'id' } });
    const send = (id: string) => http.inject({ method: 'POST', url: '/webhook', payload: JSON.stringify({ id }), headers: { 'content-type': 'application/json' } });
    const answers = new Map<string, number>();
    try {
      expect((await send('before')).statusCode).toBe(200);
      await broker.kill();
      // The producer learns of the outage from a failed send: this one is taken and sent first.
      let back = false;
      const withKafka = send('in-flight').then((r) => ({ status: r.statusCode, afterRestart: back }));
      await sleep(5_000); // well past PUBLISH_TIMEOUT_MS
      for (let i = 0; i < 5; i++) answers.set(`down-${i}`, (await send(`down-${i}`)).statusCode);
      await broker.restart();
      back = true;
      expect(await withKafka).toEqual({ status: 200, afterRestart: true });
      expect((await send('after')).statusCode).toBe(200);
    } finally {
      await close();
    }
    expect([...answers.values()]).toEqual([503, 503, 503, 503, 503]);
    const ids = (await readAll(broker.brokers, topic, { idleMs: 10_000 })).map((m) => (JSON.parse(m.value.toString()) as { Id: string }).Id);
    expect(ids).toEqual(['before', 'in-flight', 'after']);
  });
});
