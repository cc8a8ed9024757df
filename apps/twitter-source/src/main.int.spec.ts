import { join } from 'node:path';
import {
  createTestTopic,
  parseJsonExact,
  readAll,
  readBack,
  runBuiltApp,
  testBrokers,
} from '@quix-connectors/testing';
import { samplePost } from './stand-in/sample-posts.js';
import { XApiStandIn } from './stand-in/x-api-stand-in.js';

// The built app as users run it (`node dist/main.js`; `nx test` builds it first), against the X
// API stand-in and the real broker, configured only by environment variables.

const main = join(__dirname, '../dist/main.js');

const run = (env: Record<string, string>) => runBuiltApp(main, env);

describe('twitter-source as a process', () => {
  let standIn: XApiStandIn | undefined;
  afterEach(async () => standIn?.stop());

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
