// Encoding speed of both wire formats (not a test: speed is measured on demand, never asserted).
//   tools/bench/run.sh tools/bench/encoders.bench.ts [rows]
import { createEncoder, type TimeseriesRow } from '@quix-connectors/message-schema';

const count = Number(process.argv[2] ?? 100_000);
const rows: TimeseriesRow[] = Array.from({ length: count }, (_, i) => ({
  timestamp: 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n,
  numeric: Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`col${c}`, Math.random() * 1000])),
  tags: { host: 'srv1' },
}));

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
    `${format}: ${count} rows x 10 numeric columns, median of 5: ${median.toFixed(0)} ms, ` +
      `${((count / median) * 1000).toFixed(0)} rows/s, ${(bytes / 1e6 / (median / 1000)).toFixed(1)} MB/s of output`,
  );
}
