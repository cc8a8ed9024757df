import { join } from 'node:path';
import {
  createTestTopic,
  parseJsonExact,
  readAll,
  readBack,
  runBuiltApp,
  startPortalStandIn,
  startSecureKafkaBroker,
  testBrokers,
  type SecureKafkaBroker,
} from '@quix-connectors/testing';

// The built app as users run it (`node dist/main.js`; `nx test` builds it first): configured only
// by environment variables, stopped by a signal.

const main = join(__dirname, '../dist/main.js');

const run = (env: Record<string, string>) => runBuiltApp(main, env);

describe('cpu-publisher as a process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('publishes to the configured broker, and on %s closes its stream and exits 0', async (signal) => {
    const topic = await createTestTopic(testBrokers());
    const app = run({ KAFKA_BROKERS: testBrokers().join(','), output: topic, QUIX_MESSAGE_FORMAT: 'quix', SAMPLE_INTERVAL_MS: '50', PORT: '0', STREAM_ID: 'proc' });
    await readBack(testBrokers(), topic, { count: 3, timeoutMs: 30_000 }); // properties and some data
    app.child.kill(signal);
    expect(await app.exited).toBe(0);
    const kinds = (await readAll(testBrokers(), topic, { idleMs: 10_000 })).map((m) => (parseJsonExact(m.value.toString()) as { K: string }).K);
    expect(kinds[0]).toBe('StreamProperties');
    expect(kinds[kinds.length - 1]).toBe('StreamEnd');
    expect(kinds.filter((k) => k === 'ParameterData').length).toBeGreaterThan(0);
    expect(app.output().stderr).toMatch(/"msg":"stopped"/);
  });

  it('stops at start with every configuration problem named by its variable, and exit code 1', async () => {
    const app = run({ QUIX_MESSAGE_FORMAT: 'xml', SAMPLE_INTERVAL_MS: '0', KAFKA_BROKERS: 'no-port' });
    expect(await app.exited).toBe(1);
    const { stderr } = app.output();
    expect(stderr).toMatch(/Invalid configuration \(3 problems\)/);
    expect(stderr).toMatch(/KAFKA_BROKERS: each broker must be host:port/);
    expect(stderr).toMatch(/QUIX_MESSAGE_FORMAT: must be one of json, quix \(got "xml"\)/);
    expect(stderr).toMatch(/SAMPLE_INTERVAL_MS: must be between 1 and 86400000 ms \(got "0"\)/);
  });

  it('with no broker configured, prints the messages it would send as JSON lines', async () => {
    const app = run({ SAMPLE_INTERVAL_MS: '20', PORT: '0', STREAM_ID: 'local' });
    while (app.output().stdout.split('\n').length < 4) await new Promise((r) => setTimeout(r, 20));
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    const lines = app.output().stdout.trim().split('\n').map((l) => parseJsonExact(l) as { topic: string; key: string; value: Record<string, unknown> });
    expect(lines.every((l) => l.topic === 'cpu-load' && l.key === 'local')).toBe(true);
    expect(lines[0].value).toMatchObject({ Timestamp: expect.any(BigInt), cpu_load_total: expect.any(Number), Tags: { host: expect.any(String) } });
  });
});

describe('cpu-publisher as a Quix Cloud deployment', () => {
  // Only what Quix injects (SDK token, Portal API, workspace) and the output topic: the broker
  // settings, SASL_SSL credentials, CA and topic id all come from the Portal API (a stand-in).
  let broker: SecureKafkaBroker;
  beforeAll(async () => {
    broker = await startSecureKafkaBroker();
  }, 120_000);
  afterAll(() => broker?.stop());

  const portalFor = (password: string) =>
    startPortalStandIn({
      token: 'sdk-token',
      workspaceId: 'ws1',
      adminBrokers: broker.brokers,
      certificatePem: broker.certificates.caPem,
      librdkafka: {
        'bootstrap.servers': broker.saslSsl,
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-256',
        'sasl.username': broker.users.scramSha256.username,
        'sasl.password': password,
      },
    });
  const quixEnv = (portalUrl: string) => ({
    Quix__Sdk__Token: 'sdk-token',
    Quix__Portal__Api: portalUrl,
    Quix__Workspace__Id: 'ws1',
    output: 'cpu-load',
    SAMPLE_INTERVAL_MS: '50',
    PORT: '0',
    KAFKA_CONNECT_TIMEOUT_MS: '3000',
  });

  it('creates its topic through the Portal API, publishes over SASL_SSL, and exits 0 on SIGTERM', async () => {
    const portal = await portalFor(broker.users.scramSha256.password);
    try {
      const app = run(quixEnv(portal.url));
      // The topic exists once the app has created it through the Portal API and started sampling.
      while (!app.output().stderr.includes('"msg":"sampling"')) {
        if (app.child.exitCode !== null) throw new Error(`the app exited: ${app.output().stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await readBack(broker.brokers, 'ws1-cpu-load', { count: 2, timeoutMs: 60_000 });
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      const rows = (await readAll(broker.brokers, 'ws1-cpu-load', { idleMs: 10_000 })).map((m) => parseJsonExact(m.value.toString()));
      expect(rows[0]).toMatchObject({ Timestamp: expect.any(BigInt), cpu_load_total: expect.any(Number) });
      expect(app.output().stderr).not.toContain('sdk-token');
      expect(app.output().stderr).not.toContain(broker.users.scramSha256.password);
    } finally {
      await portal.close();
    }
  });

  it('stops with exit code 1 and says why when the broker refuses the credentials', async () => {
    const portal = await portalFor('wrong-password');
    try {
      const app = run(quixEnv(portal.url));
      expect(await app.exited).toBe(1);
      expect(app.output().stderr).toMatch(/cannot start: Cannot connect to Kafka at 127.0.0.1:\d+: SASL SCRAM SHA256 authentication failed.*Check the SASL user name, password and mechanism/);
      expect(app.output().stderr).not.toContain('wrong-password');
    } finally {
      await portal.close();
    }
  });
});
