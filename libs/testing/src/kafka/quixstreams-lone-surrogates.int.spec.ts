import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createEncoder, MESSAGE_FORMATS, type EncodedMessage, type EventRecord, type TimeseriesRow } from '@quix-connectors/message-schema';
import { testBrokers } from '../jest/test-brokers.ts';
import { readWithQuixstreams } from './quixstreams-reader.ts';
import { createTestTopic } from './topics.ts';

// Strings with lone surrogates (as webhooks, REST records and posts can carry) must still give
// messages that the official quixstreams decodes: it parses with orjson, which refuses a `\ud800`
// escape and so the whole message. message-schema writes each lone surrogate as U+FFFD.

const rows: TimeseriesRow[] = [1n, 2n, 3n].map((i) => ({
  timestamp: 1_700_000_000_000_000_000n + i,
  numeric: { 'load\ud800': Number(i) },
  strings: { text: `post ${i} \udc00 cut\ud83d`, emoji: 'kept \ud83d\ude00' },
  tags: { 'host\udfff': 'srv\ud800' },
}));
const event: EventRecord = { id: 'alarm\ud800', value: '{"msg":"\udc00"}', timestamp: 1_700_000_000_000_000_009n, tags: { 'k\ud800': 'v\udc00' } };

/** What quixstreams gives for each row and the event: every lone surrogate as U+FFFD. */
const expected = [
  ...[1, 2, 3].map((i) => ({
    'load\ufffd': i,
    text: `post ${i} \ufffd cut\ufffd`,
    emoji: 'kept \ud83d\ude00',
    Tags: { 'host\ufffd': 'srv\ufffd' },
    Timestamp: 1_700_000_000_000_000_000n + BigInt(i),
  })),
  { Id: 'alarm\ufffd', Value: '{"msg":"\ufffd"}', Tags: { 'k\ufffd': 'v\ufffd' }, Timestamp: 1_700_000_000_000_000_009n },
];

describe.each(MESSAGE_FORMATS)('quixstreams reads %s messages whose strings held lone surrogates', (format) => {
  // The first run creates the venv (pip install quixstreams), which takes a while.
  jest.setTimeout(180_000);

  it('decodes every row and event, each lone surrogate as U+FFFD, pairs (emoji) kept', async () => {
    const encoder = createEncoder(format);
    const messages: EncodedMessage[] = [
      // quix only (json has none): stream properties, which quixstreams parses before it ignores them.
      encoder.encodeProperties({ name: 'cpu\ud800', location: '/x\udc00', metadata: { 'm\ud800': 'v\udfff' }, parents: ['p\ud800'] }, 1n),
      ...encoder.encodeRows(rows, 1_000_000),
      ...encoder.encodeEvents([event], 1_000_000),
      encoder.encodeStreamEnd('Closed', 1n),
    ].filter((m): m is EncodedMessage => m !== null);
    const topic = await createTestTopic(testBrokers(), { prefix: `surrogates-${format}` });
    const producer = new Kafka({ clientId: 'surrogates-spec', brokers: testBrokers(), logLevel: logLevel.ERROR }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({ topic, messages: messages.map((m) => ({ key: 'stream', value: m.value, timestamp: m.timestampMs })) });
    } finally {
      await producer.disconnect();
    }

    const read = await readWithQuixstreams({ brokers: testBrokers(), topic, format, count: expected.length, timeoutMs: 30_000 });
    expect(read.map((r) => r.value)).toEqual(expected);
  });
});
