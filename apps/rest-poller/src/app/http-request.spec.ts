import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendRequest, type HttpRequest } from './http-request.js';

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((s) => (s.closeAllConnections(), new Promise((r) => s.close(r))))));

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const get = (url: string, over: Partial<HttpRequest> = {}): HttpRequest => ({ url, method: 'GET', headers: {}, timeoutMs: 2000, maxBodyBytes: 1000, ...over });

describe('sendRequest', () => {
  it('sends method, path, query, headers and body; answers status, lower-cased headers (repeated ones joined) and body', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.setHeader('Set-Cookie', ['a=1', 'b=2']);
        res.setHeader('ETag', '"v1"');
        res.writeHead(201).end(JSON.stringify({ method: req.method, url: req.url, auth: req.headers['authorization'], body }));
      });
    });
    const response = await sendRequest(get(`${url}/items?page=2`, { method: 'POST', headers: { authorization: 'Bearer t' }, body: 'hello' }));
    expect(response).toMatchObject({ status: 201, headers: { etag: '"v1"', 'set-cookie': 'a=1, b=2' } });
    expect(JSON.parse(response.body ?? 'null')).toEqual({ method: 'POST', url: '/items?page=2', auth: 'Bearer t', body: 'hello' });
  });

  it('decodes a body that arrives in many chunks, multi-byte characters split between them', async () => {
    const text = 'é€😀'.repeat(100);
    const url = await serve((_req, res) => {
      const bytes = Buffer.from(text);
      res.writeHead(200);
      for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
      res.end();
    });
    const response = await sendRequest(get(url, { maxBodyBytes: 10_000 }));
    expect(response).toMatchObject({ body: text, bodyBytes: Buffer.byteLength(text) });
  });

  it('abandons a body as soon as it passes the limit, answering no body and the bytes seen', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x'.repeat(800));
      setTimeout(() => res.write('y'.repeat(800)), 20); // and never ends
    });
    const response = await sendRequest(get(url));
    expect(response.body).toBeUndefined();
    expect(response.bodyBytes).toBeGreaterThan(1000);
  });

  it('times out a response whose headers came but whose body never ends', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"partial":');
    });
    await expect(sendRequest(get(url, { timeoutMs: 150 }))).rejects.toThrow('no complete response within 150 ms');
  });

  it('rejects with the network error when nothing listens', async () => {
    const url = await serve(() => undefined);
    const closed = servers.pop();
    await new Promise((r) => closed?.close(r));
    await expect(sendRequest(get(url))).rejects.toThrow(/ECONNREFUSED/);
  });
});
