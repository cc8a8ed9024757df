import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { standardWebhooksHeaders } from '../testing/sign.js';
import { receiverOnKafka } from '../testing/receiver-on-kafka.js';

const SECRET = 'whsec_' + Buffer.from('kafka integration key').toString('base64');
const logger = createLogger({ name: 'webhook-kafka-test', level: 'silent' });

jest.setTimeout(120_000);

describe('webhook receiver on a real broker', () => {
  it('has every webhook answered 200 in the topic, keyed by the stream, readable by quixstreams', async () => {
    const brokers = testBrokers();
    const topic = await createTestTopic(brokers, { prefix: 'webhooks' });
    const { http, close } = await receiverOnKafka({ brokers, topic, secret: SECRET, publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger });
    try {
      const nowS = Math.floor(Date.now() / 1000);
      const send = (i: number) => {
        const body = JSON.stringify({ type: `order.${i % 3}`, n: i });
        return http.inject({ method: 'POST', url: '/webhook', payload: body, headers: standardWebhooksHeaders(SECRET, `msg_${i}`, body, nowS) });
      };
      const replies = await Promise.all(Array.from({ length: 300 }, (_, i) => send(i)));
      const redelivered = await send(7);
      expect(replies.map((r) => r.statusCode)).toEqual(Array(300).fill(200));
      expect(redelivered.json()).toEqual({ status: 'duplicate' });

      const messages = await readAll(brokers, topic, { idleMs: 30_000 });
      expect(messages).toHaveLength(300);
      expect(new Set(messages.map((m) => m.key))).toEqual(new Set(['hooks']));
      const events = messages.map((m) => JSON.parse(m.value.toString()) as { Id: string; Value: string; Tags: Record<string, string> });
      expect(events.map((e) => e.Tags['delivery-id'])).toEqual(Array.from({ length: 300 }, (_, i) => `msg_${i}`));
      expect(events[4]).toMatchObject({ Id: 'order.1', Value: '{"type":"order.1","n":4}' });

      const rows = await readWithQuixstreams({ brokers, topic, format: 'json', count: 300, timeoutMs: 90_000 });
      expect(rows).toHaveLength(300);
      expect(rows[4]).toMatchObject({ key: 'hooks', value: { Id: 'order.1', Value: '{"type":"order.1","n":4}' } });
    } finally {
      await close();
    }
  });
});
