import { parseJsonExact, readAll, startRestartableBroker, type RestartableBroker } from '@quix-connectors/testing';
import { KafkaClient } from '../kafka/kafka-client.js';
import type { Logger } from '../logger.js';
import { QuixProducer } from '../quix-producer.js';
import { KafkaSink } from '../sink/kafka-sink.js';

// The broker SIGKILLed while sends are in flight (not between them, as outage.int.spec.ts does):
// writers that answer a caller, one row at a time each, as the web gateway and the webhook
// receiver do. A send the broker may have written before it died is resent with the same
// producer id and sequence once it is back, and the broker drops the copy, provided it still
// knows the producer: it forgets, on restart, a producer whose last batch is stamped more than
// producer.id.expiration.ms (a day) ago, and then writes the resend again (kafka-dump-log showed
// one batch, same producer id, epoch, base sequence and CRC, at two offsets, in about half of the
// runs with rows stamped 1970). Hence record-time.ts. Every row acknowledged is in the topic, none
// withdrawn is, none is there twice, and the sink's ResendCheck reported no copy.

jest.setTimeout(300_000);

let broker: RestartableBroker;
beforeAll(async () => {
  broker = await startRestartableBroker();
}, 120_000);
afterAll(() => broker?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogLine {
  msg: string;
  fields: Record<string, unknown>;
}

/** Every log line above debug, so that the test can read what the sink reported. */
function recordingLogger(lines: LogLine[]): Logger {
  const record = (obj: object, msg?: string) => void lines.push({ msg: msg ?? '', fields: obj as Record<string, unknown> });
  return { debug: () => undefined, info: record, warn: record, error: record };
}

// Rows stamped now, and rows stamped in 1970 (an import of old data): Kafka's record timestamp is the row's.
const stampedNow = (n: number) => BigInt(Date.now()) * 1_000_000n + BigInt(n);
const stampedLongAgo = (n: number) => BigInt(n) + 1n;

it.each([
  ['stamped now', stampedNow],
  ['stamped long ago', stampedLongAgo],
])('resends what was in flight when the broker died (rows %s): nothing lost, nothing twice', async (_case, stamp) => {
  const topic = `in-flight-outage-${Date.now()}`;
  const lines: LogLine[] = [];
  const logger = recordingLogger(lines);
  const client = new KafkaClient({ brokers: broker.brokers, clientId: 'in-flight-outage-test', logger });
  const producer = new QuixProducer({
    sink: new KafkaSink(client, { createTopics: true, connectTimeoutMs: 30_000, logger }),
    topic,
    format: 'json',
    maxMessageBytes: 1_000_000,
    maxPendingBytes: 4_000_000,
    buffer: { timeSpanMs: 20, maxRows: 100 },
    logger,
  });
  await producer.connect();
  const stream = await producer.createStream('s');
  const answers = new Map<number, 'acked' | 'withdrawn' | 'full'>();
  let stop = false;
  // A write not acknowledged within 2 s is withdrawn if it is still queued; one already with
  // Kafka waits for its answer (as the gateway's PUBLISH_TIMEOUT_MS does).
  const write = async (n: number) => {
    const delivery = stream.tryPublishRows([{ timestamp: stamp(n), numeric: { n } }]);
    if (!delivery) return answers.set(n, 'full');
    const late = sleep(2000).then(() => 'late' as const);
    const first = await Promise.race([delivery.acked.then(() => 'acked' as const, () => 'failed' as const), late]);
    if (first === 'late' && delivery.cancel()) return answers.set(n, 'withdrawn');
    await delivery.acked;
    return answers.set(n, 'acked');
  };
  const writers = Promise.all([0, 1, 2, 3].map(async (w) => {
    for (let i = 0; !stop; i++) {
      await write(i * 4 + w);
      await sleep(producer.isReady() ? 5 : 50);
    }
  }));
  try {
    await sleep(3000);
    await broker.kill();
    await sleep(10_000);
    await broker.restart();
    const started = Date.now();
    while (!producer.isReady() && Date.now() - started < 60_000) await sleep(100);
    await sleep(3000);
  } finally {
    stop = true;
    await writers;
    await producer.close({ deadlineMs: 30_000 });
  }

  const values = (await readAll(broker.brokers, topic, { idleMs: 5000 })).map((m) => (parseJsonExact(m.value.toString()) as { n: number }).n);
  const copies = new Map<number, number>();
  for (const n of values) copies.set(n, (copies.get(n) ?? 0) + 1);
  const acked = [...answers].filter(([, a]) => a === 'acked').map(([n]) => n);
  const withdrawn = [...answers].filter(([, a]) => a === 'withdrawn').map(([n]) => n);
  const twice = [...copies].filter(([, c]) => c > 1).map(([n]) => n);
  const reports = lines.filter((l) => l.msg.startsWith('a resend after a failed send landed'));
  const reported = reports.reduce((n, l) => n + (l.fields['between'] as number), 0);
  const extraCopies = [...copies.values()].reduce((n, c) => n + c - 1, 0);
  if (extraCopies > 0) console.warn(`the broker wrote ${extraCopies} rows twice (${JSON.stringify(twice)}); the sink said:\n${reports.map((l) => l.msg).join('\n')}`);
  expect(acked.length).toBeGreaterThan(100);
  expect({ lost: acked.filter((n) => !copies.has(n)), withdrawnButWritten: withdrawn.filter((n) => copies.has(n)), twice, reported }).toEqual({ lost: [], withdrawnButWritten: [], twice: [], reported: 0 });
});
