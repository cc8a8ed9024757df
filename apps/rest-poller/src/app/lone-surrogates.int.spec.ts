import { createTestTopic, readCommitted, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { endpoint, pollerFor, startStandIn, transactionsOn } from '../test/harness.js';

// An API can answer JSON whose strings hold lone surrogates (`"\ud800"` escapes are valid JSON).
// The records must still reach Kafka as messages the official quixstreams decodes (it parses with
// orjson, which refuses a lone surrogate and with it the whole message): each one is written as
// U+FFFD, in names and in values, and a proper pair (an emoji) is kept.

const BODY = String.raw`[{"id":"a\ud800","note\udc00":"cut \ud83d here","emoji":"kept \ud83d\ude00","n":1},{"id":"b","note\udc00":"\udfff","emoji":"ok","n":2}]`;

describe.each(['json', 'quix'] as const)('a REST record with lone surrogates, in the %s format', (format) => {
  jest.setTimeout(180_000); // the first quixstreams read creates its venv

  it('is published with each lone surrogate as U+FFFD and decodes in quixstreams', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: `rest-poller-surrogates-${format}` });
    const { producer } = await transactionsOn(topic, { format });
    const api = await startStandIn((app) => app.get('/items', (_req, reply) => reply.type('application/json').send(BODY)));
    try {
      const { poller, bad } = pollerFor(producer, endpoint({ url: `${api.url}/items`, maxRetries: 0 }));
      expect(await poller.poll()).toMatchObject({ published: 2, bad: 0 });
      expect(bad).toEqual([]);
    } finally {
      await api.close();
      await producer.close();
    }

    const messages = await readCommitted(testBrokers(), topic);
    for (const m of messages) expect(m.value.toString('utf8')).not.toMatch(/\\ud[89a-f][0-9a-f]{2}(?!\\ud[c-f])/i);
    const rows = await readWithQuixstreams({ brokers: testBrokers(), topic, format, count: 2, timeoutMs: 60_000 });
    expect(rows.map((r) => r.value)).toEqual([
      expect.objectContaining({ id: 'a\ufffd', 'note\ufffd': 'cut \ufffd here', emoji: 'kept \ud83d\ude00', n: 1 }),
      expect.objectContaining({ id: 'b', 'note\ufffd': '\ufffd', emoji: 'ok', n: 2 }),
    ]);
  });
});
