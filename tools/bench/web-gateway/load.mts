// Load generator for the web gateway: SendParameterData over SignalR (the official
// @microsoft/signalr client, or `signalr-ws`: the hub protocol spoken over the same bare `ws`
// client the ceiling uses, so the ratio compares servers, not client libraries), the same data
// over the HTTP Writer API (undici), or the same frames to a bare `ws` echo server (the ceiling). Each connection keeps one write in flight
// (closed loop), or writes are sent at a fixed total rate (open loop, latency from when each was
// due). Prints one JSON line: writes/s and p50/p99/max latency of acknowledged writes.
//   node tools/bench/web-gateway/load.mts --target signalr|http|ws-echo --url <base> \
//     [--token t] [--topic bench] [--connections 100] [--seconds 10] [--rate 5000] [--warmup-seconds 2]
import { parseArgs } from 'node:util';
import * as signalR from '@microsoft/signalr';
import { Pool } from 'undici';
import WebSocket from 'ws';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string', default: 'bench-token' },
    topic: { type: 'string', default: 'bench-gateway' },
    connections: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string' },
    'warmup-seconds': { type: 'string', default: '2' },
  },
});
const target = values.target;
const TARGETS = ['signalr', 'signalr-ws', 'http', 'ws-echo'];
if (!TARGETS.includes(target ?? '')) throw new Error(`--target must be one of ${TARGETS.join(', ')}`);
if (!values.url) throw new Error('--url is required');
const base = values.url.replace(/\/$/, '');
const { token, topic } = values;
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const rate = values.rate === undefined ? undefined : Number(values.rate);
const warmupS = Number(values['warmup-seconds']);

/** One row of parameter data, as a browser or device sends it: nanosecond time, two numbers, a tag. */
const data = (i: number) => ({ timestamps: [1_733_000_000_000_000_000 + i * 1000], numericValues: { x: [i % 640], y: [(i * 7) % 480] }, tagValues: { device: ['bench'] } });

/** Sends one write on connection `c` and resolves when it is acknowledged. */
type Writer = (c: number, i: number) => Promise<void>;

async function signalrWriters(): Promise<{ write: Writer; close(): Promise<void> }> {
  const hubs = await Promise.all(
    Array.from({ length: connections }, async () => {
      const hub = new signalR.HubConnectionBuilder()
        .withUrl(`${base}/hub`, { accessTokenFactory: () => token, transport: signalR.HttpTransportType.WebSockets })
        .configureLogging(signalR.LogLevel.None)
        .build();
      await hub.start();
      const { streamId } = await hub.invoke<{ streamId: string }>('CreateStream', topic, { name: 'bench' });
      return { hub, streamId };
    }),
  );
  return {
    write: (c, i) => hubs[c].hub.invoke('SendParameterData', topic, hubs[c].streamId, data(i)),
    close: async () => void (await Promise.all(hubs.map(({ hub }) => hub.stop()))),
  };
}

const RS = '\u001e';

/** Opens a WebSocket and resolves once it is open. */
const openSocket = (url: string, headers: Record<string, string> = {}) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });

/**
 * The SignalR JSON hub protocol over a bare `ws` socket: negotiate, handshake, then invocations
 * whose completions (type 3) are matched by invocation id. Pings (type 6) are ignored.
 */
async function signalrWsWriters(): Promise<{ write: Writer; close(): Promise<void> }> {
  const authorization = `Bearer ${token}`;
  const hubs = await Promise.all(
    Array.from({ length: connections }, async () => {
      const negotiated = await fetch(`${base}/hub/negotiate?negotiateVersion=1`, { method: 'POST', headers: { authorization } });
      if (!negotiated.ok) throw new Error(`negotiate: HTTP ${negotiated.status}`);
      const { connectionToken } = (await negotiated.json()) as { connectionToken: string };
      const socket = await openSocket(`${base.replace(/^http/, 'ws')}/hub?id=${encodeURIComponent(connectionToken)}`, { authorization });
      const pending = new Map<string, { resolve(result: unknown): void; reject(error: Error): void }>();
      let handshaken: () => void;
      const handshake = new Promise<void>((resolve) => (handshaken = resolve));
      socket.on('message', (data) => {
        for (const record of data.toString().split(RS)) {
          if (record === '') continue;
          const message = JSON.parse(record) as { type?: number; invocationId?: string; result?: unknown; error?: string };
          if (message.type === undefined) handshaken();
          else if (message.type === 3 && message.invocationId !== undefined) {
            const waiter = pending.get(message.invocationId);
            pending.delete(message.invocationId);
            if (message.error !== undefined) waiter?.reject(new Error(message.error));
            else waiter?.resolve(message.result);
          }
        }
      });
      socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
      await handshake;
      const invoke = (invocationId: string, method: string, args: unknown[]) =>
        new Promise<unknown>((resolve, reject) => {
          pending.set(invocationId, { resolve, reject });
          socket.send(JSON.stringify({ type: 1, invocationId, target: method, arguments: args }) + RS);
        });
      const { streamId } = (await invoke('create', 'CreateStream', [topic, { name: 'bench' }])) as { streamId: string };
      return { socket, streamId, invoke };
    }),
  );
  return {
    write: async (c, i) => void (await hubs[c].invoke(String(i), 'SendParameterData', [topic, hubs[c].streamId, data(i)])),
    close: async () => hubs.forEach(({ socket }) => socket.close()),
  };
}

async function httpWriters(): Promise<{ write: Writer; close(): Promise<void> }> {
  const pool = new Pool(base, { connections, pipelining: 1 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const streams = Array.from({ length: connections }, (_, c) => `bench-http-${c}`);
  return {
    write: async (c, i) => {
      const response = await pool.request({ method: 'POST', path: `/topics/${topic}/streams/${streams[c]}/parameters/data`, headers, body: JSON.stringify(data(i)) });
      await response.body.dump();
      if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
    },
    close: () => pool.close(),
  };
}

/** The ceiling: the SignalR invocation frame each write is, echoed by a server that does nothing else. */
async function echoWriters(): Promise<{ write: Writer; close(): Promise<void> }> {
  const sockets = await Promise.all(Array.from({ length: connections }, () => openSocket(base.replace(/^http/, 'ws'))));
  const waiting = sockets.map(() => [] as (() => void)[]);
  sockets.forEach((socket, c) => socket.on('message', () => waiting[c].shift()?.()));
  return {
    write: (c, i) =>
      new Promise<void>((resolve) => {
        waiting[c].push(resolve);
        sockets[c].send(JSON.stringify({ type: 1, invocationId: String(i), target: 'SendParameterData', arguments: [topic, 'bench', data(i)] }) + RS);
      }),
    close: async () => sockets.forEach((socket) => socket.close()),
  };
}

const writers = await ({ signalr: signalrWriters, 'signalr-ws': signalrWsWriters, http: httpWriters, 'ws-echo': echoWriters } as const)[target as 'signalr']();
const latencies: number[] = [];
let lastAck = 0;
let errors = 0;
let next = 0;
const warmupEnd = performance.now() + warmupS * 1000;
const end = warmupEnd + seconds * 1000;

async function timed(c: number, dueAt: number): Promise<void> {
  const record = dueAt >= warmupEnd;
  try {
    await writers.write(c, next++);
    lastAck = performance.now();
    if (record) latencies.push(lastAck - dueAt);
  } catch {
    if (record) errors++;
  }
}

if (rate === undefined) {
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      while (performance.now() < end) await timed(c, performance.now());
    }),
  );
} else {
  // Open loop: write k is due at start + k / rate, on connection k mod N, whether or not earlier ones were answered.
  const start = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let k = 0; ; k++) {
    const due = start + (k * 1000) / rate;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const write = timed(k % connections, due);
    inFlight.add(write);
    void write.finally(() => inFlight.delete(write));
  }
  await Promise.all(inFlight);
}
await writers.close();

latencies.sort((a, b) => a - b);
const at = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN).toFixed(2));
// Over the time it took until the last acknowledgement: an open loop the gateway cannot keep up with shows a lower rate.
const spanS = Math.max(seconds, (lastAck - warmupEnd) / 1000);
console.log(
  JSON.stringify({ target, connections, rate: rate ?? 'closed-loop', seconds, acknowledged: latencies.length, perSecond: Math.round(latencies.length / spanS), p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), errors }),
);
