// rest-poller schedule jitter and CPU: N endpoints polled every INTERVAL ms against a local
// stand-in (in a child process). Without KAFKA_BROKERS each poll's transaction goes into a sink
// that discards it (the poller alone is measured); with it, rows and state commit to that Kafka in
// one transaction per group of polls, as in production. Not a test: measured on demand, never asserted.
//   (from the repo root) [KAFKA_BROKERS=host:port] tools/bench/run.sh tools/bench/rest-poller/poll.bench.ts [endpoints=1000] [intervalMs=1000] [seconds=30]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '@quix-connectors/config';
import {
  BadRecords,
  deliveredChannel,
  producerVariables,
  resolveOutput,
  TransactionalProducer,
  transactionalProducerFor,
  type DeliveredEvent,
  type TransactionalSink,
} from '@quix-connectors/quix-producer';
import { systemClock } from '@quix-connectors/timing';
import { endpointSchema } from '../../../apps/rest-poller/src/app/endpoint-config.js';
import { startRestPoller } from '../../../apps/rest-poller/src/app/rest-poller.js';

const [endpoints, intervalMs, seconds] = [1000, 1000, 30].map((d, i) => Number(process.argv[2 + i] ?? d));
const warmupMs = 5000;

// Bundled to a temporary directory by run.sh, so the stand-in is found from the repo root.
const standInPath = resolve(process.cwd(), 'tools/bench/rest-poller/stand-in.mjs');
const standIn = spawn(process.execPath, [standInPath], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(standIn.stdout, 'data')) as [Buffer];
const base = `http://127.0.0.1:${portLine.toString().trim()}`;

const noop = () => undefined;
const logger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, fatal: console.error, child: () => logger } as never;
const brokers = process.env['KAFKA_BROKERS'];
const runId = Date.now().toString(36);
const dedupeMaxIds = Number(process.env['BENCH_MAX_IDS'] ?? 1000);

// Rows committed, as the runtime's transaction queue reports them (whichever sink).
let rows = 0;
deliveredChannel.subscribe((event) => void (rows += (event as DeliveredEvent).items));
const discard: TransactionalSink = {
  description: 'discard',
  connect: async () => new Map(),
  commit: async () => undefined,
  recover: async () => false,
  classify: () => 'transient',
  disconnect: async () => undefined,
};
const topic = `rest-poller-bench-${runId}`;
// As the runtime makes it for rest-poller: transactions of rows and state, on the given Kafka.
async function kafkaTransactions(): Promise<TransactionalProducer> {
  const config = loadConfig(producerVariables({ topic, lingerMs: 5 }), { ...process.env, KAFKA_BROKERS: brokers, output: topic });
  const output = await resolveOutput(config, 'rest-poller-bench', logger);
  return transactionalProducerFor(config, output, { transactionalId: `rest-poller-bench-${runId}`, stateTopic: `${topic}-state` }, { logger });
}
const producer = brokers ? await kafkaTransactions() : new TransactionalProducer({ sink: discard, topic, format: 'json', maxMessageBytes: 1_000_000, maxPendingBytes: 64 << 20, logger });
const state = await producer.connect();
const badRecords = new BadRecords({ policy: 'skip', source: 'rest-poller', logger, clock: systemClock, maxMessageBytes: 1_000_000, fail: (e) => console.error(e) });

const list = Array.from({ length: endpoints }, (_, i) =>
  endpointSchema.parse({ name: `ep-${i}`, url: `${base}/items/${i}`, intervalMs, recordsPath: 'data', idField: 'id', tagFields: ['site.name'] }),
);

let measuring = false;
const lateness: number[] = [];
const poller = startRestPoller({
  transactions: producer,
  state,
  endpoints: list,
  logger,
  dedupeMaxIds,
  badRecords,
  fail: (error) => console.error(error),
  onLateness: (ms) => measuring && lateness.push(ms),
});

await new Promise((r) => setTimeout(r, warmupMs));
measuring = true;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const rowsBefore = rows;
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const cpu = process.cpuUsage(cpuBefore);
const wall = performance.now() - wallBefore;
loopDelay.disable();
measuring = false;

await poller.close();
await producer.close();
standIn.kill();

lateness.sort((a, b) => a - b);
const pct = (p: number) => lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))] ?? NaN;
const cpuShare = (cpu.user + cpu.system) / 1000 / wall;
console.log(
  `${endpoints} endpoints every ${intervalMs} ms for ${seconds} s (after ${warmupMs / 1000} s warm-up), ${brokers ? `into Kafka at ${brokers}` : 'into a discarding sink'}: ` +
    `${lateness.length} polls (${((lateness.length / wall) * 1000).toFixed(0)}/s), ${rows - rowsBefore} rows published\n` +
    `schedule jitter (start lateness) p50 ${pct(50).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${lateness.at(-1)?.toFixed(2)} ms\n` +
    `poller CPU ${(cpuShare * 100).toFixed(1)}% of one core (user ${(cpu.user / 1000 / wall * 100).toFixed(1)}%, system ${(cpu.system / 1000 / wall * 100).toFixed(1)}%)\n` +
    `event loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms; machine load average ${loadavg()[0]?.toFixed(2)} on the last minute`,
);
