// twitter-source's CPU per post without sockets or Kafka: parse a stream line, map it to a row and
// encode rows in the app's batches. Not a test: measured on demand, never asserted.
//   tools/bench/run.sh tools/bench/twitter-source/pipeline.bench.ts [posts=300000]
// Shows which step limits stream.bench.ts, whose main thread is busy the whole throughput run.
import { createEncoder } from '@quix-connectors/message-schema';
import { postToRow, type ReceivedPost, type StreamPost } from '../../../apps/twitter-source/src/app/post-format.js';
import { samplePost } from '../../../apps/twitter-source/src/stand-in/sample-posts.js';

const count = Number(process.argv[2] ?? 300_000);
const BATCH = 5000; // the publisher's maxBatch
const lines = Array.from({ length: count }, (_, n) => JSON.stringify(samplePost(n)));
const encoder = createEncoder('quix');

function time(label: string, perPost: (start: number, end: number) => void): void {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    for (let i = 0; i < count; i += BATCH) perPost(i, Math.min(count, i + BATCH));
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  const us = (runs[2] * 1000) / count;
  console.log(`${label.padEnd(24)} ${us.toFixed(2)} µs/post = ${Math.round(1e6 / us)} posts/s (median of 5)`);
}

const received: ReceivedPost[] = lines.map((raw) => ({ post: JSON.parse(raw) as StreamPost, raw, receivedAtMs: Date.now() }));
const rows = received.map(postToRow);
time('JSON.parse', (s, e) => {
  for (let i = s; i < e; i++) JSON.parse(lines[i]);
});
time('postToRow', (s, e) => {
  for (let i = s; i < e; i++) postToRow(received[i]);
});
time('encodeRows (quix)', (s, e) => {
  encoder.encodeRows(rows.slice(s, e), 1_000_000);
});
time('all three', (s, e) => {
  const batch: ReceivedPost[] = [];
  for (let i = s; i < e; i++) batch.push({ post: JSON.parse(lines[i]) as StreamPost, raw: lines[i], receivedAtMs: Date.now() });
  encoder.encodeRows(batch.map(postToRow), 1_000_000);
});
