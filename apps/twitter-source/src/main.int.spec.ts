import { createServer } from 'node:net';
import { join } from 'node:path';
import {
  createTestTopic,
  parseJsonExact,
  readAll,
  readBack,
  runBuiltApp,
  testBrokers,
  type RunningBuiltApp,
} from '@quix-connectors/testing';
import { samplePost } from './stand-in/sample-posts.js';
import { CREDITS_DEPLETED, XApiStandIn } from './stand-in/x-api-stand-in.js';

// The built app as users run it (`node dist/main.js`; `nx test` builds it first), against the X
// API stand-in and the real broker, configured only by environment variables.

const main = join(__dirname, '../dist/main.js');

const run = (env: Record<string, string>) => runBuiltApp(main, env);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until `accept` holds for its answer; gives up after a minute, saying what it last got. */
async function waitForAnswer(url: string, accept: (status: number, body: string) => boolean, app: RunningBuiltApp): Promise<{ status: number; body: string }> {
  const started = Date.now();
  for (;;) {
    const answer = await fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }), (err: Error) => ({ status: 0, body: err.message }));
    if (accept(answer.status, answer.body)) return answer;
    if (Date.now() - started > 60_000) throw new Error(`${url} answered ${answer.status} ${answer.body}; the app wrote:\n${app.output().stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('twitter-source as a process', () => {
  let standIn: XApiStandIn | undefined;
  let running: RunningBuiltApp | undefined; // killed if a test failed before stopping it
  afterEach(async () => {
    if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
    running = undefined;
    await standIn?.stop();
  });

  it('on a fresh machine (no BEARER_TOKEN) stops at once naming what to set, exit code 1', async () => {
    const app = run({});
    expect(await app.exited).toBe(1);
    expect(app.output().stderr).toMatch(/Invalid configuration \(1 problem\):\n\s+- BEARER_TOKEN: must be set \(it is not set\)/);
  });

  it('publishes the posts it reads, and on SIGTERM publishes what it read, closes and exits 0', async () => {
    const posts = Array.from({ length: 50 }, (_, i) => samplePost(i));
    standIn = new XApiStandIn({ bearerToken: 'secret-token', connections: [{ steps: [{ posts }, { stall: true }] }] });
    const topic = await createTestTopic(testBrokers());
    const app = run({
      BEARER_TOKEN: 'secret-token',
      X_API_BASE_URL: await standIn.start(),
      TWITTER_RULES: '[{"value":"cats","tag":"cats"}]',
      KAFKA_BROKERS: testBrokers().join(','),
      output: topic,
      PORT: '0',
    });
    await readBack(testBrokers(), topic, { count: 50, timeoutMs: 30_000 });
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const ids = (await readAll(testBrokers(), topic, { idleMs: 60_000 })).map((m) => (parseJsonExact(m.value.toString()) as { id: string }).id);
    expect(ids).toEqual(posts.map((p) => p.data.id));
    expect([...standIn.rules.values()].map((r) => r.tag)).toEqual(['cats']);
    expect(app.output().stderr).not.toContain('secret-token');
  });

  it('while X answers 402 (credits used up): /readyz answers 503 x-usage-capped, twitter_usage_capped is 1, the ALERT is logged; SIGTERM still exits 0', async () => {
    standIn = new XApiStandIn({ bearerToken: 'secret-token', connections: [{ status: 402, body: CREDITS_DEPLETED }] });
    const port = await freePort();
    const app = run({ BEARER_TOKEN: 'secret-token', X_API_BASE_URL: await standIn.start(), PORT: String(port), HOST: '127.0.0.1', USAGE_CAP_RETRY_MS: '3600000' });
    running = app;
    const readyz = await waitForAnswer(`http://127.0.0.1:${port}/readyz`, (status) => status === 503, app);
    expect(JSON.parse(readyz.body)).toEqual({ status: 'not ready', reasons: ['x-usage-capped'] });
    const metrics = await waitForAnswer(`http://127.0.0.1:${port}/metrics`, (status) => status === 200, app);
    expect(metrics.body).toMatch(/^twitter_usage_capped\{app="twitter-source"\} 1$/m);
    expect(metrics.body).toMatch(/^twitter_reconnects_total\{reason="usage-capped",kind="usage-capped",app="twitter-source"\} 1$/m);
    // the log line is written after the state changed: wait for it rather than race the pipe
    while (!app.output().stderr.includes('ALERT') && app.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    expect(app.output().stderr).toMatch(/ALERT: X says this account's usage cap is reached or its credits are used up: no posts until the cap resets or credits are added; trying again in 3600000 ms \(USAGE_CAP_RETRY_MS\)/);
    expect(standIn.connectionCount).toBe(1); // the hour's wait is kept, not a rate-limit backoff
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output().stderr).not.toContain('secret-token');
  });

  it.each([
    ['rules are managed', { TWITTER_RULES: 'cats' }],
    ['rules are not managed', {}],
  ])('with a wrong token (%s) stops with exit code 1 saying what to fix', async (_, env) => {
    standIn = new XApiStandIn({ bearerToken: 'right' });
    const app = run({ BEARER_TOKEN: 'wrong', X_API_BASE_URL: await standIn.start(), PORT: '0', ...env });
    expect(await app.exited).toBe(1);
    expect(app.output().stderr).toMatch(/401 Unauthorized: BEARER_TOKEN is wrong or revoked/);
  });
});
