import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage } from '@quix-connectors/message-schema';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { chromium, type Browser } from 'playwright-core';
import { startGateway } from './test-support/gateway-process.js';

// The two pages in a real browser engine (Debian's headless Chromium, driven by playwright-core):
// mouse moves on the writer page go through the hub into Kafka and come back to the reader page.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const screenshots = join(__dirname, '../test-output');

describe('the mouse pages in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is needed at ${CHROMIUM} (apt-get install chromium; .ci/run installs it) or set CHROMIUM_PATH`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws on the reader page what the writer page sent, and every acknowledged move is on Kafka', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'gateway-mouse' });
    // One token that may write and read the topic, as a user trying the pages would set it up.
    const token = 'pages-token-1234';
    const gateway = await startGateway([topic], { TOKENS: JSON.stringify([{ token, topics: [topic] }]) });
    try {
      const query = `?topic=${topic}&token=${token}`;
      const reader = await browser.newPage({ viewport: { width: 640, height: 480 } });
      await reader.goto(`${gateway.base}/reader.html${query}`);
      await reader.waitForFunction(() => (globalThis as unknown as { gatewayReady?: boolean }).gatewayReady === true);
      const writer = await browser.newPage({ viewport: { width: 640, height: 480 } });
      await writer.goto(`${gateway.base}/writer.html${query}`);
      await writer.waitForFunction(() => (globalThis as unknown as { gatewayReady?: boolean }).gatewayReady === true);

      // A circle of 60 moves.
      for (let i = 0; i <= 60; i++) {
        const angle = (i / 60) * 2 * Math.PI;
        await writer.mouse.move(320 + 150 * Math.cos(angle), 260 + 150 * Math.sin(angle));
      }
      const stats = () => writer.evaluate(() => (globalThis as unknown as { writerStats(): { sent: number; acked: number } }).writerStats());
      await writer.waitForFunction(() => {
        const s = (globalThis as unknown as { writerStats(): { sent: number; acked: number } }).writerStats();
        return s.sent > 0 && s.sent === s.acked;
      });
      const { acked } = await stats();
      await reader.waitForFunction((n) => (globalThis as unknown as { readerStats(): { received: number } }).readerStats().received >= n, acked);
      mkdirSync(screenshots, { recursive: true });
      await reader.screenshot({ path: join(screenshots, 'reader.png') });

      const events = (await readAll(testBrokers(), topic, { idleMs: 5000 }))
        .map((m) => decodeMessage(m.value))
        .flatMap((d) => (d?.kind === 'events' ? d.events : []));
      expect(events).toHaveLength(acked);
      for (const event of events) {
        expect(event.id).toBe('mouse');
        const { x, y } = JSON.parse(event.value) as { x: number; y: number };
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(y).toBeGreaterThanOrEqual(0);
        // Date.now() * 1e6 in the page: nanoseconds of today.
        expect(event.timestamp).toBeGreaterThan(1_700_000_000_000_000_000n);
      }
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});
