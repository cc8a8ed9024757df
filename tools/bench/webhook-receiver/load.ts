// Load generator: signed 1 KB JSON webhooks (Segment style: HMAC-SHA1 hex in x-signature) at a
// fixed concurrency or a fixed rate; reports requests/s and latency percentiles of 200 answers.
//   node tools/bench/webhook-receiver/load.ts --url http://127.0.0.1:8080/webhook --secret s \
//     [--connections 64] [--seconds 10] [--rate 2000] [--warmup-seconds 2]
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    secret: { type: 'string', default: 'bench-secret' },
    connections: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string' },
    'warmup-seconds': { type: 'string', default: '2' },
  },
});
if (!values.url) throw new Error('--url is required');
const url = new URL(values.url);
const connections = Number(values.connections);
const seconds = Number(values.seconds);
const rate = values.rate === undefined ? undefined : Number(values.rate);
const warmupS = Number(values['warmup-seconds']);

function body(i: number): string {
  const base = { type: 'track', event: 'Order Completed', messageId: `m-${i}`, properties: { orderId: i, padding: '' } };
  const pad = 1024 - JSON.stringify(base).length;
  base.properties.padding = 'x'.repeat(Math.max(0, pad));
  return JSON.stringify(base);
}

const pool = new Pool(url.origin, { connections, pipelining: 1 });
let next = 0;
const latencies: number[] = [];
const codes = new Map<number, number>();
let errors = 0;

async function one(record: boolean): Promise<void> {
  const payload = body(next++);
  const signature = createHmac('sha1', values.secret as string).update(payload).digest('hex');
  const start = performance.now();
  try {
    const res = await pool.request({ method: 'POST', path: url.pathname, body: payload, headers: { 'content-type': 'application/json', 'x-signature': signature } });
    await res.body.dump();
    if (!record) return;
    codes.set(res.statusCode, (codes.get(res.statusCode) ?? 0) + 1);
    if (res.statusCode === 200) latencies.push(performance.now() - start);
  } catch {
    if (record) errors += 1;
  }
}

async function closedLoop(untilMs: number, record: boolean): Promise<void> {
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < untilMs) await one(record);
  }));
}

async function openLoop(untilMs: number, record: boolean, perS: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;
  while (performance.now() < untilMs) {
    const due = Math.floor(((performance.now() - start) / 1000) * perS);
    while (sent < due) {
      const p = one(record).finally(() => inFlight.delete(p));
      inFlight.add(p);
      sent += 1;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
}

const run = (untilMs: number, record: boolean) => (rate ? openLoop(untilMs, record, rate) : closedLoop(untilMs, record));
await run(performance.now() + warmupS * 1000, false);
const started = performance.now();
await run(started + seconds * 1000, true);
const elapsedS = (performance.now() - started) / 1000;
await pool.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const result = {
  url: url.href,
  mode: rate ? `open loop ${rate}/s` : `closed loop, ${connections} connections`,
  seconds: Number(elapsedS.toFixed(2)),
  ok: latencies.length,
  requestsPerS: Math.round(latencies.length / elapsedS),
  p50Ms: Number(pct(50).toFixed(2)),
  p99Ms: Number(pct(99).toFixed(2)),
  maxMs: Number((latencies.at(-1) ?? NaN).toFixed(2)),
  codes: Object.fromEntries(codes),
  errors,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
