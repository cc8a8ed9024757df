import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@quix-connectors/service';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { chromium, type Browser } from 'playwright-core';
import { receiverOnKafka, type ReceiverOnKafka } from '../testing/receiver-on-kafka.js';

// CORS as a real browser engine applies it (Debian's headless Chromium, driven by playwright-core):
// a page of an allowed origin posts a webhook with an API-key header (so Chromium sends a
// preflight first) and it lands in Kafka; a page of another origin cannot, and nothing lands.

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const logger = createLogger({ name: 'cors-browser-test', level: 'silent' });

/** A page server: each one is an origin of its own (another port). */
async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>sender</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

jest.setTimeout(120_000);

describe('CORS in Chromium', () => {
  let browser: Browser;
  let receiver: ReceiverOnKafka;
  let topic: string;
  let url: string;
  const pages: { origin: string; server: Server }[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run installs it) or set CHROMIUM_PATH`);
    pages.push(await pageServer(), await pageServer());
    const brokers = testBrokers();
    topic = await createTestTopic(brokers, { prefix: 'cors-browser' });
    receiver = await receiverOnKafka({
      brokers, topic, secret: 'unused', publishTimeoutMs: 60_000, connectTimeoutMs: 30_000, logger,
      settings: { scheme: 'none', authType: 'api-key', authTokens: ['page-key'], authHeader: 'X-Hook-Key', corsOrigins: [pages[0].origin] },
    });
    await receiver.http.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(receiver.http.server.address() as AddressInfo).port}/webhook`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    for (const { server } of pages) server.close();
  });

  /** What `fetch` gave a page of `origin`: the status, or the error a CORS refusal is. */
  async function postFrom(origin: string, n: number): Promise<string> {
    const page = await browser.newPage();
    try {
      await page.goto(origin);
      return await page.evaluate(
        async ({ url, n }) => {
          try {
            const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hook-key': 'page-key' }, body: JSON.stringify({ type: 'click', n }) });
            return `${response.status} ${response.headers.get('retry-after') ?? ''}`.trim();
          } catch (error) {
            return `refused: ${(error as Error).name}`;
          }
        },
        { url, n },
      );
    } finally {
      await page.close();
    }
  }

  it('lets the allowed origin post (after its preflight) and stops any other', async () => {
    expect(await postFrom(pages[0].origin, 1)).toBe('200');
    expect(await postFrom(pages[1].origin, 2)).toBe('refused: TypeError');
    const published = (await readAll(testBrokers(), topic, { idleMs: 8000 })).map((m) => JSON.parse(JSON.parse(m.value.toString()).Value));
    expect(published).toEqual([{ type: 'click', n: 1 }]);
  });
});
