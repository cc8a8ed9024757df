import { parseJsonExact, readAll, readCommitted, startRestartableBroker, type RestartableBroker } from '@quix-connectors/testing';
import { KafkaClient } from '../kafka/kafka-client.js';
import { silentLogger } from '../logger.js';
import { QuixProducer } from '../quix-producer.js';
import { KafkaSink } from '../sink/kafka-sink.js';
import { TransactionalProducer } from '../transactional-producer.js';
import { KafkaTransactionalSink } from '../transactions/kafka-transactional-sink.js';

// Faults as faults: a broker of its own per test file, SIGKILLed for longer than kafkajs's own
// retries last (about a second here), then started again on the same port. Every row handed to
// the producer must be in the topic once, and readiness must say what happened meanwhile.

jest.setTimeout(240_000);

let broker: RestartableBroker;
beforeAll(async () => {
  broker = await startRestartableBroker();
}, 120_000);
afterAll(() => broker?.stop());

const client = () => new KafkaClient({ brokers: broker.brokers, clientId: 'outage-test', logger: silentLogger });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

describe('acknowledged delivery through a broker outage', () => {
  it('delivers every row exactly once across a 25 s SIGKILL outage; not ready meanwhile, ready again after', async () => {
    const topic = `outage-${Date.now()}`;
    const producer = new QuixProducer({
      sink: new KafkaSink(client(), { createTopics: true, connectTimeoutMs: 30_000, logger: silentLogger }),
      topic,
      format: 'json',
      maxMessageBytes: 1_000_000,
      maxPendingBytes: 1_000_000,
      buffer: { timeSpanMs: 20, maxRows: 100 },
    });
    await producer.connect();
    const stream = await producer.createStream('s');
    let next = 0;
    const produce = async (count: number, everyMs: number) => {
      for (let i = 0; i < count; i++) {
        await stream.timeseries.add({ timestamp: BigInt(next) + 1n, numeric: { n: next } });
        next += 1;
        await sleep(everyMs);
      }
    };
    await produce(20, 20);
    await stream.timeseries.flush();
    expect(producer.isReady()).toBe(true);

    await broker.kill();
    const writing = produce(100, 250); // 25 s of rows while the broker is down
    const notReadyAfterMs = await waitFor(() => !producer.isReady(), 10_000);
    expect(notReadyAfterMs).toBeLessThan(5000);
    expect(producer.health().reasons.join(' ')).toMatch(/delivery-(failing|stalled)/);
    await writing;
    await broker.restart();
    const readyAfterMs = await waitFor(() => producer.isReady(), 30_000);
    await stream.timeseries.flush();
    expect(readyAfterMs).toBeLessThan(10_000);
    const report = await producer.close({ deadlineMs: 30_000 });
    expect(report.abandoned.items).toBe(0);

    const values = (await readAll(broker.brokers, topic, { idleMs: 10_000 })).map((m) => (parseJsonExact(m.value.toString()) as { n: number }).n);
    expect(values).toEqual([...Array(120).keys()]); // none lost, none twice, in order
  });

  it('shutdown while the broker is down: abandons at the deadline, says how much, and returns in time', async () => {
    const topic = `outage-close-${Date.now()}`;
    const producer = new QuixProducer({
      sink: new KafkaSink(client(), { createTopics: true, connectTimeoutMs: 30_000, logger: silentLogger }),
      topic,
      format: 'quix',
      maxMessageBytes: 1_000_000,
      maxPendingBytes: 1_000_000,
      buffer: { timeSpanMs: 20, maxRows: 100 },
    });
    await producer.connect();
    const stream = await producer.createStream('s', { properties: { name: 'S' } });
    await broker.kill();
    try {
      await stream.timeseries.add([1, 2, 3].map((n) => ({ timestamp: BigInt(n), numeric: { n } })));
      const started = Date.now();
      const report = await producer.close({ deadlineMs: 3000 });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(report.abandoned.items).toBe(3);
    } finally {
      await broker.restart();
    }
  });
});

describe('transactions through a broker outage', () => {
  it('commits every transaction exactly once across a SIGKILL outage (aborts, fences, verifies, redoes)', async () => {
    const topic = `tx-outage-${Date.now()}`;
    const producer = new TransactionalProducer({
      sink: new KafkaTransactionalSink(client(), {
        transactionalId: `tx-outage-${Date.now()}`,
        stateTopic: `${topic}-state`,
        dataTopics: [topic],
        createTopics: true,
        connectTimeoutMs: 60_000,
        maxRequestBytes: 900_000,
        groupIdPrefix: '',
        logger: silentLogger,
      }),
      topic,
      format: 'json',
      maxMessageBytes: 1_000_000,
      maxPendingBytes: 8_000_000,
    });
    await producer.connect();
    const stream = producer.stream('s');
    let n = 0;
    const commit = () => {
      const rows = Array.from({ length: 10 }, () => ({ timestamp: BigInt(++n), numeric: { n } }));
      return producer.commit({ data: [stream.rows(rows)], state: [{ key: 'position', value: Buffer.from(String(n)) }] });
    };
    for (let i = 0; i < 5; i++) await commit();
    await broker.kill();
    const during = Array.from({ length: 5 }, () => commit());
    await sleep(20_000);
    expect(producer.isReady()).toBe(false);
    await broker.restart();
    await Promise.all(during);
    for (let i = 0; i < 5; i++) await commit();
    await producer.close({ deadlineMs: 30_000 });

    const values = (await readCommitted(broker.brokers, topic)).map((m) => (JSON.parse(m.value.toString()) as { n: number }).n);
    expect(values).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });
});
