import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseJsonExact, readAll, runBuiltApp, startRestartableBroker, type RestartableBroker } from '@quix-connectors/testing';

// The built app through real broker outages (SIGKILL, then a restart on the same port): what
// /readyz says meanwhile, what SIGTERM does after a failed delivery and while the broker is
// down, and that the stream is ended on every shutdown path that can end it.

jest.setTimeout(300_000);
const main = join(__dirname, '../dist/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let broker: RestartableBroker;
beforeAll(async () => {
  broker = await startRestartableBroker();
}, 120_000);
afterAll(() => broker?.stop());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function readiness(port: number): Promise<{ status: number; body: { reasons?: string[] } }> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: response.status, body: (await response.json()) as { reasons?: string[] } };
  } catch {
    return { status: 0, body: {} };
  }
}

async function waitForStatus(port: number, status: number, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while ((await readiness(port)).status !== status) {
    if (Date.now() - started > timeoutMs) throw new Error(`/readyz did not answer ${status} within ${timeoutMs} ms`);
    await sleep(100);
  }
  return Date.now() - started;
}

const kinds = async (topic: string) => (await readAll(broker.brokers, topic, { idleMs: 10_000 })).map((m) => parseJsonExact(m.value.toString()) as { K: string; V: { Timestamps?: bigint[] } });

describe('cpu-publisher through a broker outage', () => {
  it('503 within 5 s of the outage, 200 within 10 s of recovery, no sample lost; then SIGTERM exits 0 with the stream ended', async () => {
    const topic = `cpu-outage-${Date.now()}`;
    const port = await freePort();
    const app = runBuiltApp(main, { KAFKA_BROKERS: broker.brokers.join(','), output: topic, QUIX_MESSAGE_FORMAT: 'quix', SAMPLE_INTERVAL_MS: '200', PORT: String(port), STREAM_ID: 'cpu' });
    await waitForStatus(port, 200, 60_000);
    await sleep(1000);
    await broker.kill();
    const notReadyAfter = await waitForStatus(port, 503, 10_000);
    expect(notReadyAfter).toBeLessThan(5000);
    expect((await readiness(port)).body.reasons?.join(' ')).toMatch(/delivery-(failing|stalled)/);
    await sleep(40_000); // well past kafkajs's own retries
    await broker.restart();
    const readyAfter = await waitForStatus(port, 200, 30_000);
    expect(readyAfter).toBeLessThan(10_000);
    await sleep(1000);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    const messages = await kinds(topic);
    expect(messages[0].K).toBe('StreamProperties');
    expect(messages.at(-1)?.K).toBe('StreamEnd');
    const stamps = messages.flatMap((m) => (m.K === 'ParameterData' ? (m.V.Timestamps ?? []) : [])).map(Number);
    expect(new Set(stamps).size).toBe(stamps.length); // none twice
    // Samples every 200 ms. A missing one shows as a gap; the only ones allowed are those the app
    // itself reports skipped (sampling overran its interval on a busy machine) - none dropped.
    const missing = stamps.slice(1).reduce((n, t, i) => n + Math.max(0, Math.round((t - stamps[i]) / 1e6 / 200) - 1), 0);
    const stderr = app.output().stderr;
    const skipped = Number(/"skipped":(\d+)/.exec(stderr)?.[1] ?? 0);
    expect(stderr).not.toMatch(/"dropped":[1-9]/);
    expect(missing).toBeLessThanOrEqual(skipped);
    expect(stamps.length).toBeGreaterThan(200);
    expect(stderr).toMatch(/Kafka is not taking deliveries; retrying until it does/);
  });

  it('SIGTERM while the broker is down exits 1 within SHUTDOWN_TIMEOUT_MS, saying how many samples were not delivered', async () => {
    const topic = `cpu-down-${Date.now()}`;
    const port = await freePort();
    const app = runBuiltApp(main, { KAFKA_BROKERS: broker.brokers.join(','), output: topic, SAMPLE_INTERVAL_MS: '100', PORT: String(port), SHUTDOWN_TIMEOUT_MS: '3000' });
    await waitForStatus(port, 200, 60_000);
    await broker.kill();
    try {
      await sleep(3000);
      const started = Date.now();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(app.output().stderr).toMatch(/stopped: \d+ rows\/events were not delivered before SHUTDOWN_TIMEOUT_MS \(3000 ms\) and are lost/);
    } finally {
      await broker.restart();
    }
  });
});
