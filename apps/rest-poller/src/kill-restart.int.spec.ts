import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createTestTopic, parseJsonExact, readCommitted, runBuiltApp, testBrokers, type RunningBuiltApp } from '@quix-connectors/testing';
import { startStandIn } from './test/harness.js';

// The built app killed with SIGKILL at many points just after the API answered, where the poll's
// rows are on their way to Kafka (or just acknowledged) and its state is not yet saved; then
// restarted. Read back read_committed, every record the API served is in the topic exactly once.

jest.setTimeout(600_000);
const main = join(__dirname, '../dist/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const KILLS = 15;
/** How long after an answer each kill lands, ms: from at once to after a whole poll cycle. */
const KILL_DELAYS = [0, 5, 10, 20, 30, 40, 50, 60, 75, 90, 110, 130, 160, 200, 250];

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('rest-poller killed between Kafka and its state', () => {
  it(`publishes every record exactly once across ${KILLS} kill -9s aimed just after an answer`, async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-kill' });
    // Each answer lists every record so far and three new ones, so nothing is missed by a poll
    // that never committed; once `frozen`, the list stops growing.
    let total = 0;
    let frozen = false;
    let answers = 0;
    let lastAnswerAt = 0;
    const api = await startStandIn((app) => {
      app.get('/records', async () => {
        if (!frozen) total += 3;
        return Array.from({ length: total }, (_, i) => ({ id: `r${i}`, n: i }));
      });
      app.addHook('onResponse', async () => {
        answers += 1;
        lastAnswerAt = performance.now();
      });
    });
    const env = {
      KAFKA_BROKERS: testBrokers().join(','),
      output: topic,
      STATE_TOPIC: `${topic}-state`,
      TRANSACTIONAL_ID: `rest-kill-${randomUUID()}`,
      POLL_URL: `${api.url}/records`,
      STREAM_ID: 'records',
      ID_FIELD: 'id',
      POLL_INTERVAL_MS: '100',
      PORT: '0',
    };

    let app: RunningBuiltApp | undefined;
    try {
      for (let kill = 0; kill < KILLS; kill += 1) {
        app = runBuiltApp(main, env);
        const before = answers;
        // The first poll of a run publishes what the last run did not commit; kill on a later one.
        await until(() => answers >= before + 2 + (kill % 3), `answers in run ${kill}`);
        const at = lastAnswerAt + (KILL_DELAYS[kill % KILL_DELAYS.length] ?? 0);
        while (performance.now() < at) await sleep(1);
        app.child.kill('SIGKILL');
        await app.exited;
      }
      // A last run with the list frozen: it publishes what is left, then polls the same list again.
      frozen = true;
      app = runBuiltApp(main, env);
      const before = answers;
      await until(() => answers >= before + 5, 'the last run to poll five times');
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
    } finally {
      if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
      await api.close();
    }

    const ids = (await readCommitted(testBrokers(), topic)).filter((m) => m.key === 'records').map((m) => (parseJsonExact(m.value.toString()) as { id: string }).id);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const duplicated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const missing = Array.from({ length: total }, (_, i) => `r${i}`).filter((id) => !counts.has(id));
    expect({ served: total, duplicated, missing }).toEqual({ served: total, duplicated: [], missing: [] });
  });
});
