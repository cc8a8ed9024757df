// CRC-32C, which kafkajs computes over every record batch it sends: its own byte-at-a-time loop
// against crc-32's (what patches/kafkajs+2.2.4.patch makes kafkajs call). MiB/s per buffer size.
//   (from the repo root) tools/bench/run.sh tools/bench/crc32c.bench.ts
import { randomBytes } from 'node:crypto';
import { installedKafkajs } from './installed-kafkajs.js';

const byteAtATime = installedKafkajs<(b: Buffer) => number>('protocol/recordBatch/crc32C/crc32C.js');
const patched = installedKafkajs<(b: Buffer) => number>('protocol/recordBatch/crc32C/index.js');

const totalBytes = 256 << 20;
for (const size of [100, 1024, 64 << 10, 1 << 20]) {
  const buffer = randomBytes(size);
  if (byteAtATime(buffer) !== patched(buffer)) throw new Error(`the two disagree on ${size} bytes`);
  const iterations = Math.max(1, Math.floor(totalBytes / size));
  const rates = [['kafkajs byte-at-a-time', byteAtATime], ['patched (crc-32)', patched]].map(([name, crc]) => {
    const run = crc as (b: Buffer) => number;
    for (let i = 0; i < Math.min(iterations, 1000); i++) run(buffer); // warm-up
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) run(buffer);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return `${name} ${(totalBytes / 1048576 / seconds).toFixed(0)} MiB/s`;
  });
  console.log(`${String(size).padStart(8)} B: ${rates.join(', ')}`);
}
