import { Writable } from 'node:stream';
import { ConfigError, loadConfig } from '@quix-connectors/config';
import type { TransactionalProducer } from '@quix-connectors/quix-producer';
import { createLogger } from '@quix-connectors/service';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { systemClock } from '@quix-connectors/timing';
import { committedRows, recordingBadRecords, startStandIn, transactionsOn } from '../test/harness.js';
import { endpointsCheck, resolveEndpoints } from './resolve-endpoints.js';
import { startRestPoller } from './rest-poller.js';
import { restPollerVariables } from './rest-variables.js';

// The poller's real logs at trace level, while it polls a URL with a password and an api_key
// (and a secret header), through a failed and retried request: no credential in any line.

let topic: string;
let producer: TransactionalProducer;
beforeAll(async () => {
  topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-redaction' });
  ({ producer } = await transactionsOn(topic));
});
afterAll(() => producer.close());

const PASSWORD = 'p4ssw0rd-in-url';
const API_KEY = 'ap1-k3y-in-query';
const HEADER_SECRET = 'h3ader-t0ken-value';
const SECRETS = [PASSWORD, API_KEY, HEADER_SECRET, encodeURIComponent(HEADER_SECRET)];

function logLines() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
  return { lines, logger: createLogger({ name: 'rest-poller', level: 'trace', pretty: false, destination }) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 60_000) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('credentials in logs at trace level', () => {
  it('never appear while polling a URL with user:password@ and api_key=, through a 500 and its retry', async () => {
    let served = 0;
    let headerSeen: string | undefined;
    // Every third answer is a 500 whose body and headers echo the request; the retry gets a 200.
    const api = await startStandIn((app) =>
      app.get('/items', async (req, reply) => {
        served += 1;
        headerSeen = req.headers['x-auth-token'] as string | undefined;
        if (served % 3 === 1) return reply.code(500).header('x-echo', req.url).send(`failed ${req.url} ${req.headers.authorization ?? ''} ${headerSeen ?? ''}`);
        return [{ id: `r${served}`, n: served }];
      }),
    );
    const url = `${api.url.replace('http://', `http://us3r:${PASSWORD}@`)}/items?api_key=${API_KEY}&site=s1`;
    const config = loadConfig(restPollerVariables, {
      POLL_URL: url,
      STREAM_ID: `redaction-${Date.now()}`,
      POLL_INTERVAL_MS: '20',
      POLL_HEADERS: JSON.stringify({ 'X-Auth-Token': HEADER_SECRET }),
      MAX_RETRIES: '2',
      LOG_LEVEL: 'trace',
    });
    const endpoints = resolveEndpoints(config);
    const { lines, logger } = logLines();
    const { badRecords } = recordingBadRecords();
    const running = startRestPoller({
      transactions: producer, state: new Map(), endpoints, dedupeMaxIds: 100, logger, badRecords, clock: systemClock,
      retry: { initialMs: 1, maxMs: 5, jitter: 0 }, fail: (err) => { throw err; },
    });
    try {
      await until(() => served >= 7, 'seven answers, two of them 500s');
    } finally {
      await running.close();
      await api.close();
    }
    expect(headerSeen).toBe(HEADER_SECRET); // the secret header was sent, so it could have been logged
    const log = lines.join('');
    expect(log).toMatch(/"level":10|"level":20/); // trace or debug lines were written
    expect(log).toMatch(/"msg":"polled"/);
    expect(log).toMatch(/"msg":"retrying"/);
    for (const secret of SECRETS) expect(log).not.toContain(secret);
    expect(log).toContain('api_key=%5Bredacted%5D');
    expect(await committedRows(topic, endpoints[0]?.name ?? '')).not.toHaveLength(0);
  });

  it.each([
    ['not JSON', `{"Authorization":"Bearer ${HEADER_SECRET}"`],
    ['not an object of strings', `{"Authorization":"Bearer ${HEADER_SECRET}","X-Retries":3}`],
  ])('never appear in the config error of a POLL_HEADERS that is %s', (_case, headers) => {
    let error: unknown;
    try {
      loadConfig(restPollerVariables, { POLL_URL: `http://127.0.0.1:1/items?api_key=${API_KEY}`, POLL_HEADERS: headers, LOG_LEVEL: 'trace' }, [endpointsCheck]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(expect.arrayContaining([expect.objectContaining({ variable: 'POLL_HEADERS' })]));
    const { lines, logger } = logLines();
    logger.error({ err: error, problems }, 'invalid configuration');
    const shown = [String(error), (error as Error).message, JSON.stringify(problems), lines.join('')].join('\n');
    for (const secret of SECRETS) expect(shown).not.toContain(secret);
  });
});
