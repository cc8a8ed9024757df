import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { createTestTopic, runBuiltApp, testBrokers } from '@quix-connectors/testing';

// The built app against clients that would hold it: ones that never finish their headers or
// their body, and more connections than it takes. None of them may keep it from answering
// others, or from stopping when told to.

jest.setTimeout(120_000);
const main = join(__dirname, '../dist/main.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function started(env: Record<string, string>) {
  const topic = await createTestTopic(testBrokers(), { prefix: 'webhooks-slow' });
  const app = runBuiltApp(main, { KAFKA_BROKERS: testBrokers().join(','), output: topic, PORT: '0', HOST: '127.0.0.1', ...env });
  for (let i = 0; i < 600; i++) {
    const port = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(app.output().stderr)?.[1];
    if (port) return { app, port: Number(port) };
    await sleep(50);
  }
  throw new Error(`the app did not listen: ${app.output().stderr}`);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
  });
}

const closed = (socket: Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));

describe('webhook-receiver against slow and many clients', () => {
  it('cuts a client that never finishes its headers after HEADERS_TIMEOUT_MS, and one that never finishes its body after REQUEST_TIMEOUT_MS', async () => {
    const { app, port } = await started({ HEADERS_TIMEOUT_MS: '1000', REQUEST_TIMEOUT_MS: '2000' });
    try {
      const noHeaders = await open(port);
      noHeaders.write('POST /webhook HTTP/1.1\r\nHost: x\r\n');
      const noBody = await open(port);
      noBody.write('POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":');
      const at = Date.now();
      await closed(noHeaders);
      expect(Date.now() - at).toBeLessThan(2500);
      await closed(noBody);
      expect(Date.now() - at).toBeLessThan(4500);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('refuses connections beyond MAX_CONNECTIONS while answering the ones it holds', async () => {
    const { app, port } = await started({ MAX_CONNECTIONS: '5', HEADERS_TIMEOUT_MS: '30000', REQUEST_TIMEOUT_MS: '30000' });
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 5; i++) sockets.push(await open(port));
      const extra = await open(port);
      await closed(extra); // the server drops it at once
      for (const s of sockets) s.destroy();
      await sleep(200);
      const reply = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', body: '{"type":"x"}', headers: { 'content-type': 'application/json' } });
      expect(reply.status).toBe(200);
    } finally {
      for (const s of sockets) s.destroy();
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('exits 0 on SIGTERM within SHUTDOWN_TIMEOUT_MS with three slow clients still sending', async () => {
    const { app, port } = await started({ SHUTDOWN_TIMEOUT_MS: '3000' });
    const slow = await Promise.all([0, 1, 2].map(() => open(port)));
    for (const s of slow) s.write('POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const at = Date.now();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(Date.now() - at).toBeLessThan(5000);
    for (const s of slow) s.destroy();
  });
});
