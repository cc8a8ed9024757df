import { randomUUID } from 'node:crypto';
import { decodeMessage } from '@quix-connectors/message-schema';
import { readAll, startRestartableBroker, type RestartableBroker } from '@quix-connectors/testing';
import { startGateway, WRITER_TOKEN } from './test-support/gateway-process.js';

// The built gateway through a real broker outage (SIGKILL, restart on the same port): what
// writers are told meanwhile, and that every write answered 200 is on Kafka exactly once.

jest.setTimeout(240_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let broker: RestartableBroker;
beforeAll(async () => {
  broker = await startRestartableBroker();
}, 120_000);
afterAll(() => broker?.stop());

it('answers 503 while the broker is down, 200 again once it is back, and loses or duplicates no acknowledged write', async () => {
  const topic = `gateway-outage-${randomUUID()}`;
  const gateway = await startGateway([topic], { KAFKA_BROKERS: broker.brokers.join(','), PUBLISH_TIMEOUT_MS: '2000' });
  const answers = new Map<number, number>();
  let stop = false;
  const write = async (i: number) => {
    try {
      const response = await fetch(`${gateway.base}/topics/${topic}/streams/s/parameters/data`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WRITER_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ timestamps: [1_733_000_000_000_000_000 + i], numericValues: { i: [i] } }),
      });
      answers.set(i, response.status);
    } catch {
      answers.set(i, 0);
    }
  };
  // Four clients, each writing one row at a time: a write already sent when the broker dies waits
  // for Kafka's answer (it cannot be withdrawn), the others are told 503 at once.
  const writers = Promise.all([0, 1, 2, 3].map(async (client) => {
    for (let n = 0; !stop; n++) {
      await write(n * 4 + client);
      await sleep(20);
    }
  }));
  const readyz = async () => (await fetch(`${gateway.base}/readyz`).catch(() => undefined))?.status ?? 0;

  try {
    await sleep(3000);
    await broker.kill();
    const downAt = Date.now();
    while ((await readyz()) !== 503) await sleep(100);
    const notReadyAfterMs = Date.now() - downAt;
    await sleep(10_000);
    await broker.restart();
    while ((await readyz()) !== 200) await sleep(100);
    const okBefore = [...answers.values()].filter((s) => s === 200).length;
    await sleep(3000);
    stop = true;
    await writers;

    const statuses = [...answers.values()];
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(okBefore); // writes succeed again
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0); // the outage was told, not hidden
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]); // every write got an answer
    expect(notReadyAfterMs).toBeLessThan(30_000);

    const written = (await readAll(broker.brokers, topic, { idleMs: 5000 }))
      .map((m) => decodeMessage(m.value))
      .flatMap((d) => (d?.kind === 'timeseries' ? (d.data.numericValues['i'] ?? []) : []));
    const counts = new Map<number, number>();
    for (const i of written) counts.set(i as number, (counts.get(i as number) ?? 0) + 1);
    const acknowledged = [...answers].filter(([, s]) => s === 200).map(([i]) => i);
    const lost = acknowledged.filter((i) => !counts.has(i));
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([i]) => i);
    expect(lost).toEqual([]);
    // A restarted broker once stored a resend again when the rows were old (Kafka expires a producer
    // by its last batch's timestamp): records now carry the send time for data over an hour old.
    expect(duplicated.map((i) => ({ i, answer: answers.get(i), copies: counts.get(i) }))).toEqual([]);
  } finally {
    stop = true;
    await writers;
    expect(await gateway.stop()).toBe(0);
  }
});
