import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { runBuiltApp } from '@quix-connectors/testing';

// Where the built app listens: HOST picks the address, METRICS_PORT takes /metrics off the
// public webhook port (as a Quix public service should), and nothing else moves with it.

const MAIN = join(__dirname, '../dist/main.js');
jest.setTimeout(60_000);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const status = (url: string) => fetch(url).then((r) => r.status, (error: Error) => `refused: ${(error.cause as { code?: string } | undefined)?.code ?? error.message}`);
/** An IPv4 address of this machine other than loopback, if it has one. */
const otherAddress = () => Object.values(networkInterfaces()).flat().find((a) => a?.family === 'IPv4' && !a.internal)?.address;

it('with HOST=127.0.0.1 and METRICS_PORT: /metrics only on its own port, webhooks and health on PORT, nothing on other addresses', async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npx nx build webhook-receiver\` first`);
  const [port, metricsPort] = [await freePort(), await freePort()];
  const app = runBuiltApp(MAIN, { HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: String(metricsPort), AUTH_TYPE: 'bearer', AUTH_TOKENS: 'metrics-test' });
  try {
    const base = `http://127.0.0.1:${port}`;
    while ((await status(`${base}/healthz`)) !== 200) {
      if (app.child.exitCode !== null) throw new Error(`the app exited: ${app.output().stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await status(`${base}/metrics`)).toBe(404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^# HELP webhook_requests_total/m);
    const posted = await fetch(`${base}/webhook`, { method: 'POST', headers: { authorization: 'Bearer metrics-test', 'content-type': 'application/json' }, body: '{"type":"x"}' });
    expect(posted.status).toBe(200);
    const other = otherAddress();
    // On a machine with only loopback there is no other address to try; the log says where it listens.
    if (other !== undefined) {
      expect(await status(`http://${other}:${port}/healthz`)).toBe('refused: ECONNREFUSED');
      expect(await status(`http://${other}:${metricsPort}/metrics`)).toBe('refused: ECONNREFUSED');
    }
    expect(app.output().stderr).not.toMatch(new RegExp(`listening at http://(?!127\\.0\\.0\\.1)[^ "]+:${port}`));
  } finally {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }
});
