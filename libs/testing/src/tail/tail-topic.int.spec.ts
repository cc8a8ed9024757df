import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createEncoder, MESSAGE_FORMATS } from '@quix-connectors/message-schema';
import { testBrokers } from '../jest/test-brokers.ts';
import { createTestTopic } from '../kafka/topics.ts';
import { tailTopic } from './tail-topic.ts';
import type { TailItem } from './package-lines.ts';

// The tail command against the real broker: what is written after it started shows up, in order,
// decoded, from either format; a message that is not Quix data is reported and skipped.

const until = async (check: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe.each(MESSAGE_FORMATS)('tail of a %s topic', (format) => {
  jest.setTimeout(90_000);

  it('prints the rows and events written after it started, and reports what is not Quix data', async () => {
    const brokers = testBrokers();
    const topic = await createTestTopic(brokers, { prefix: `tail-${format}` });
    const encoder = createEncoder(format);
    const producer = new Kafka({ clientId: 'tail-spec', brokers, logLevel: logLevel.ERROR }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const send = (values: Buffer[]) => producer.send({ topic, messages: values.map((value) => ({ key: 'stream-1', value })) });
    await send(encoder.encodeRows([{ timestamp: 1n, numeric: { before: 1 } }], 1e6).map((m) => m.value));

    const lines: string[] = [];
    const warnings: string[] = [];
    const tail = tailTopic({ brokers, topic, fromBeginning: false, pretty: false, write: (l) => lines.push(l), warn: (w) => warnings.push(w) });
    try {
      await tail.ready;
      const rows = encoder.encodeRows(
        [1, 2, 3].map((i) => ({ timestamp: 1_733_300_000_000_000_000n + BigInt(i), numeric: { cpu: i }, tags: { host: 'h' } })),
        1e6,
      );
      const events = encoder.encodeEvents([{ id: 'alarm', value: 'hot', timestamp: 1_733_300_000_000_000_009n }], 1e6);
      await send([...rows.map((m) => m.value), Buffer.from('plain text'), ...events.map((m) => m.value)]);
      await until(() => lines.length >= 4, 30_000);
    } finally {
      await tail.stop();
      await producer.disconnect();
    }
    const items = lines.map((l) => JSON.parse(l) as TailItem);
    expect(items).toEqual([
      ...[1, 2, 3].map((i) => ({ stream: 'stream-1', type: 'row', timestamp: `173330000000000000${i}`, values: { cpu: i }, tags: { host: 'h' } })),
      { stream: 'stream-1', type: 'event', timestamp: '1733300000000000009', values: { id: 'alarm', value: 'hot' } },
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^partition 0 offset \d+: not a Quix row.*\(10 bytes\), skipped$/)]);
  });
});
