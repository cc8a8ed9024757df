import { join } from 'node:path';
import { runBuiltApp } from '@quix-connectors/testing';

// The built app with bad endpoint settings, another bad variable and a broker that cannot be
// reached: it lists every problem together and exits 1 before it tries to connect.

jest.setTimeout(120_000);
const main = join(__dirname, '../dist/main.js');
const TOKEN = 'end-p0int-t0ken';
const HEADER_SECRET = 'leaky-h3ader-s3cret';

/** Runs the app to its end, or kills it after a generous while (then the test fails on its exit code). */
async function runToExit(env: Record<string, string>) {
  const app = runBuiltApp(main, { KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'trace', ...env });
  const watchdog = setTimeout(() => app.child.kill('SIGKILL'), 60_000);
  const code = await app.exited;
  clearTimeout(watchdog);
  const { stdout, stderr } = app.output();
  return { code, output: stdout + stderr };
}

/** What the app prints once it tries Kafka: none of it may appear. */
const KAFKA_TRIED = /kafkajs|ECONNREFUSED|connect(ing|ion)? (to )?(the )?(kafka|broker)|127\.0\.0\.1:1\b|broker/i;

describe('rest-poller checks its endpoints at start, before Kafka', () => {
  it('lists a bad ENDPOINTS entry and another bad variable together, exits 1, and never connects', async () => {
    const { code, output } = await runToExit({
      ENDPOINTS: JSON.stringify([{ name: 'orders', url: 'not a url', auth: { type: 'bearer', token: TOKEN }, maxPages: 0 }]),
      DEDUPE_MAX_IDS: 'many',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid configuration/);
    expect(output).toMatch(/ENDPOINTS: must be an http\(s\) URL \(at \[0\]\.url\)/);
    expect(output).toMatch(/ENDPOINTS: .*\(at \[0\]\.maxPages\)/);
    expect(output).toMatch(/DEDUPE_MAX_IDS: /);
    expect(output).not.toMatch(KAFKA_TRIED);
    expect(output).not.toContain(TOKEN);
  });

  it('lists bad single-endpoint variables and another bad variable together, exits 1, and never connects', async () => {
    const { code, output } = await runToExit({
      POLL_URL: 'ftp://files.example.com/items',
      PAGINATION_TYPE: 'next-url', // without PAGINATION_FIELD
      DEDUPE_MAX_IDS: 'many',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/POLL_URL: must be an http\(s\) URL/);
    expect(output).toMatch(/PAGINATION_\*: .*\(pagination\.field\)/);
    expect(output).toMatch(/DEDUPE_MAX_IDS: /);
    expect(output).not.toMatch(KAFKA_TRIED);
  });

  it('lists bad endpoint variables beside invalid ones the endpoint reads (POLL_HEADERS without its secret), and never connects', async () => {
    const { code, output } = await runToExit({
      POLL_URL: 'ftp://files.example.com/items',
      POLL_HEADERS: `{"Authorization":"Bearer ${HEADER_SECRET}"`,
      POLL_INTERVAL_MS: 'soon',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/POLL_URL: must be an http\(s\) URL/);
    expect(output).toMatch(/POLL_HEADERS: must be JSON \(value hidden\)/);
    expect(output).toMatch(/POLL_INTERVAL_MS: /);
    expect(output).not.toMatch(KAFKA_TRIED);
    expect(output).not.toContain(HEADER_SECRET);
  });
});
