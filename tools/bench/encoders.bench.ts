// Encoding speed of both wire formats (not a test: speed is measured on demand, never asserted).
//   tools/bench/run.sh tools/bench/encoders.bench.ts [rows]
// Two row shapes: 10 random doubles (cpu-publisher-like; formatting the doubles dominates) and a
// post as twitter-source writes it (its own postToRow of the X API stand-in's sample posts).
import { createEncoder, type TimeseriesRow } from '@quix-connectors/message-schema';
import { postToRow } from '../../apps/twitter-source/src/app/post-format.js';
import { samplePost } from '../../apps/twitter-source/src/stand-in/sample-posts.js';

const count = Number(process.argv[2] ?? 100_000);
const timestamp = (i: number) => 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n;
const shapes: Record<string, TimeseriesRow[]> = {
  '10 numeric columns': Array.from({ length: count }, (_, i) => ({
    timestamp: timestamp(i),
    numeric: Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`col${c}`, Math.random() * 1000])),
    tags: { host: 'srv1' },
  })),
  'post rows': Array.from({ length: count }, (_, n) => postToRow({ post: samplePost(n), raw: '', receivedAtMs: 0 })),
};

for (const [shape, rows] of Object.entries(shapes)) {
  for (const format of ['quix', 'json'] as const) {
    const encoder = createEncoder(format);
    encoder.encodeRows(rows.slice(0, 1000), 1_000_000); // warm up
    const runs: number[] = [];
    let bytes = 0;
    for (let run = 0; run < 5; run += 1) {
      const start = performance.now();
      const messages = encoder.encodeRows(rows, 1_000_000);
      runs.push(performance.now() - start);
      bytes = messages.reduce((n, m) => n + m.value.length, 0);
    }
    runs.sort((a, b) => a - b);
    const median = runs[2];
    console.log(
      `${format}: ${count} rows, ${shape}, median of 5: ${median.toFixed(0)} ms, ` +
        `${((count / median) * 1000).toFixed(0)} rows/s, ${(bytes / 1e6 / (median / 1000)).toFixed(1)} MB/s of output`,
    );
  }
}
