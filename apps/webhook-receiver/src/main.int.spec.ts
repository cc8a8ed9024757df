import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { standardWebhooksHeaders } from './testing/sign.js';

// The built app (nx runs `build` before `test`), as a container runs it.
const MAIN = join(__dirname, '../dist/main.js');
const SECRET = 'whsec_' + Buffer.from('sigterm test key').toString('base64');

jest.setTimeout(120_000);

describe('the built app, SIGTERM under load', () => {
  it('loses nothing that was answered 200, answers only 200 or 503, and exits 0', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build webhook-receiver\` first`);
    const brokers = testBrokers();
    const topic = await createTestTopic(brokers, { prefix: 'webhooks-sigterm' });
    const child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env['PATH'],
        KAFKA_BROKERS: brokers.join(','),
        output: topic,
        PORT: '0',
        SIGNATURE_SCHEME: 'standard-webhooks',
        WEBHOOK_SECRETS: SECRET,
        KAFKA_CREATE_TOPIC: 'false',
      },
      stdio: ['ignore', 'ignore', 'pipe'], // logs are JSON lines on stderr
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        // Ready once the route is added and the server listens, in whichever order they log.
        let seenPort: number | undefined;
        let receiving = false;
        createInterface({ input: child.stderr }).on('line', (line) => {
          const listening = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
          if (listening) seenPort = Number(listening[1]);
          if (/receiving webhooks/.test(line)) receiving = true;
          if (receiving && seenPort !== undefined) resolve(seenPort);
        });
        void exited.then((code) => reject(new Error(`the app exited with ${code} before it was ready`)));
      });

      const answered200 = new Set<string>();
      const otherAnswers: number[] = [];
      let next = 0;
      let signalled = false;
      const worker = async (): Promise<void> => {
        // bounded: without the signal (a failure), the workers stop after 5,000 requests
        while (next < 5_000) {
          const id = `msg_${next++}`;
          const body = JSON.stringify({ type: 'load', id });
          try {
            const res = await fetch(`http://127.0.0.1:${port}/webhook`, {
              method: 'POST',
              body,
              headers: standardWebhooksHeaders(SECRET, id, body, Math.floor(Date.now() / 1000)),
            });
            await res.text();
            if (res.status === 200) answered200.add(id);
            else otherAnswers.push(res.status);
          } catch {
            return; // the server has closed
          }
          if (!signalled && answered200.size >= 300) {
            signalled = true;
            child.kill('SIGTERM');
          }
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      expect(signalled).toBe(true);
      expect(await exited).toBe(0);
      expect(otherAnswers.filter((code) => code !== 503)).toEqual([]);

      const stored = new Set(
        (await readAll(brokers, topic, { idleMs: 30_000 })).map(
          (m) => (JSON.parse(m.value.toString()) as { Tags: Record<string, string> }).Tags['delivery-id'],
        ),
      );
      expect([...answered200].filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
