import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestTopic, parseJsonExact, readAll, readBack, testBrokers } from '@quix-connectors/testing';

// The built app as users run it (`node dist/main.js`; `nx test` builds it first): configured only
// by environment variables, stopped by a signal.

const main = join(__dirname, '../dist/main.js');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [main], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

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
    expect(stderr).toMatch(/SAMPLE_INTERVAL_MS: must be above 0/);
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
