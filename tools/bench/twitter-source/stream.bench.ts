// twitter-source end to end: posts from the X API stand-in (a child process) through the app's
// reader, queue and publisher into the real broker. Not a test: measured on demand, never asserted.
//   node libs/testing/src/bin/with-kafka.ts -- tools/bench/run.sh tools/bench/twitter-source/stream.bench.ts [throughputPosts=300000] [latencyRate=1000] [latencySeconds=20] [warmupPosts=100000]
// Reports sustained posts/s (first post read to last post acknowledged), the app's CPU and how
// busy its main thread was (from the first ack), and the receipt-to-ack latency percentiles at a
// steady rate. Each format first sends warmupPosts unmeasured, so that the figures are of a warm
// app and a warm broker: a broker just started spends its first seconds compiling its own hot
// paths, on the same 2 cores as the app.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { KafkaClient, KafkaSink, QuixProducer, type Sink } from '@quix-connectors/quix-producer';
// The testing lib's index pulls in testcontainers (native modules esbuild cannot bundle): import the two helpers directly.
import { createTestTopic } from '../../../libs/testing/src/kafka/topics.ts';
import { Kafka, logLevel } from 'kafkajs';
import { Registry } from 'prom-client';
import { startTwitterSource } from '../../../apps/twitter-source/src/app/twitter-source.js';
import { XApiStandIn, type Step } from '../../../apps/twitter-source/src/stand-in/x-api-stand-in.js';

const TOKEN = 'bench-token';

if (process.argv[2] === '--stand-in') {
  // Child: serves one scripted connection, then silence.
  const step = JSON.parse(process.argv[3]) as Step;
  const standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [{ steps: [step, { stall: true }] }] });
  process.stdout.write(`${await standIn.start()}\n`);
  process.once('SIGTERM', () => void standIn.stop());
} else {
  const [throughputPosts, latencyRate, latencySeconds, warmupPosts] = [300_000, 1000, 20, 100_000].map((d, i) => Number(process.argv[2 + i] ?? d));
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run under libs/testing/src/bin/with-kafka.ts');
  const noop = () => undefined;
  const logger = { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, fatal: console.error, child: () => logger } as never;

  async function run(step: Step, expected: number, format: 'json' | 'quix') {
    const child = spawn(process.execPath, [process.argv[1], '--stand-in', JSON.stringify(step)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout, 'data')) as [Buffer];
    process.once('exit', () => child.kill()); // also when the bench fails, or the stand-in outlives it
    const topic = await createTestTopic(brokers, { prefix: 'twitter-bench' });
    const sends = { count: 0, ms: 0 };
    const producer = new QuixProducer({
      sink: timedSends(new KafkaSink(new KafkaClient({ brokers, clientId: 'twitter-bench', logger }), { createTopics: false, connectTimeoutMs: 30_000, logger }), sends),
      topic,
      format,
      maxMessageBytes: 1_000_000,
      maxPendingBytes: 32 << 20,
      buffer: { timeSpanMs: 100, maxRows: 1000 },
      lingerMs: Number(process.env['KAFKA_LINGER_MS'] ?? 5), // the app's default
    });
    await producer.connect();
    const latencies: number[] = [];
    let acked = 0;
    let first = 0;
    let last = 0;
    let done: () => void = noop;
    // CPU and main-thread use are measured from the first ack: before it, the stand-in renders
    // its posts and the app waits idle.
    let cpuAtFirstAck = process.cpuUsage();
    let eluAtFirstAck = performance.eventLoopUtilization();
    const finished = new Promise<void>((r) => (done = r));
    const source = await startTwitterSource({
      producer, logger, metrics: new Registry(), apiBaseUrl: line.toString().trim(), bearerToken: TOKEN, userAgent: 'bench', rules: undefined,
      keepUndeclaredRules: false, query: { tweetFields: 'author_id,created_at,public_metrics,lang', expansions: 'author_id', userFields: 'username' },
      outputMode: 'rows', streamId: 'bench', queueCapacity: 100_000, stallTimeoutMs: 20_000, resetConnections: false, onFatal: (e) => console.error(e),
      usageCapRetryMs: 3_600_000, readiness: { set: noop }, maxLineBytes: 1024 * 1024, badRecords: { report: (bad) => console.error('bad line', bad) },
      onAcked(posts, at) {
        if (first === 0) {
          first = posts[0].receivedAtMs;
          [cpuAtFirstAck, eluAtFirstAck] = [process.cpuUsage(), performance.eventLoopUtilization()];
        }
        for (const p of posts) latencies.push(at - p.receivedAtMs);
        acked += posts.length;
        last = at;
        if (acked >= expected) done();
      },
    });
    await finished;
    const cpu = process.cpuUsage(cpuAtFirstAck);
    const elu = performance.eventLoopUtilization(eluAtFirstAck);
    await source.close();
    await producer.close();
    child.kill();
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    if (process.env["BENCH_DEBUG"]) console.log(JSON.stringify(offsets));
    const messages = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    await admin.disconnect();
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const seconds = (last - first) / 1000;
    const measuredSeconds = (elu.active + elu.idle) / 1000; // the ELU window: first ack to the last
    const inProduceCallsShare = sends.ms / 1000 / seconds;
    return { seconds, acked, messages, sends: sends.count, inProduceCallsShare, cpuShare: (cpu.user + cpu.system) / 1e6 / measuredSeconds, mainThreadBusy: elu.utilization, p50: pct(50), p99: pct(99), max: latencies.at(-1) ?? NaN };
  }

  const fmt = (n: number) => n.toFixed(1);
  // BENCH_FORMATS=quix measures one format only (for profiling).
  const formats = (process.env['BENCH_FORMATS'] ?? 'json,quix').split(',') as ('json' | 'quix')[];
  for (const format of formats) {
    if (warmupPosts > 0) await run({ generate: { from: 0, count: warmupPosts, perWrite: 500, prerender: true } }, warmupPosts, format);
    const t = await run({ generate: { from: 0, count: throughputPosts, perWrite: 500, prerender: true } }, throughputPosts, format);
    console.log(
      `[${format}] throughput: ${t.acked} posts in ${fmt(t.seconds)} s = ${Math.round(t.acked / t.seconds)} posts/s sustained (first read to last ack), ` +
        `${t.messages} Kafka messages in the topic; inside produce calls ${fmt(t.inProduceCallsShare * 100)}% of the time (${t.sends} calls; kafkajs encoding and the broker's round trip); app CPU ${fmt(t.cpuShare * 100)}% of one core, its main thread busy ${fmt(t.mainThreadBusy * 100)}% of the time (from the first ack); receipt-to-ack p50 ${fmt(t.p50)} ms, p99 ${fmt(t.p99)} ms`,
    );
    const count = latencyRate * latencySeconds;
    const l = await run({ generate: { from: 0, count, perSecond: latencyRate } }, count, format);
    console.log(`[${format}] latency at ${latencyRate} posts/s for ${latencySeconds} s: receipt-to-ack p50 ${fmt(l.p50)} ms, p99 ${fmt(l.p99)} ms, max ${fmt(l.max)} ms (${l.acked} posts)`);
  }
  console.log(`machine load average ${loadavg()[0]?.toFixed(2)} on the last minute${warmupPosts > 0 ? ` (each format warmed up with ${warmupPosts} posts first)` : ''}`);
}

/**
 * Adds up how long produce calls took, from the call to Kafka's acknowledgement: kafkajs encoding
 * the records (on the app's thread) and the broker's round trip. Sends run one at a time, so a
 * share near 100% means publishing, not reading and parsing, set the pace.
 */
function timedSends(inner: Sink, totals: { count: number; ms: number }): Sink {
  return {
    description: inner.description,
    connect: () => inner.connect(),
    prepareTopic: (topic) => inner.prepareTopic(topic),
    partitionFor: (topic, key) => inner.partitionFor(topic, key),
    async send(topic, messages) {
      const started = performance.now();
      try {
        await inner.send(topic, messages);
      } finally {
        totals.count += 1;
        totals.ms += performance.now() - started;
      }
    },
    classify: (error) => inner.classify(error),
    disconnect: () => inner.disconnect(),
  };
}
