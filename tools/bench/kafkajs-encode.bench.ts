// kafkajs's encoding of a produce request (record batch, CRC and all), alone: the part of every
// produce call that runs on the app's thread. Reports messages/s and MiB/s for a few message
// sizes, as the installed kafkajs does it. To compare with kafkajs unpatched:
//   npx patch-package --reverse && tools/bench/run.sh tools/bench/kafkajs-encode.bench.ts; npx patch-package
//   (from the repo root) tools/bench/run.sh tools/bench/kafkajs-encode.bench.ts [seconds per size=3]
import { produceRequest } from './installed-kafkajs.js';

const seconds = Number(process.argv[2] ?? 3);
const batchBytes = 1_000_000; // what one produce call of ours holds at most

for (const size of [150, 1024, 4096, 900_000]) {
  const count = Math.floor(batchBytes / size);
  // A stream's messages: one key, a timestamp each, values of `size` bytes (JSON-like text).
  const messages = Array.from({ length: count }, (_, i) => ({
    key: 'stream-1',
    value: Buffer.from(`{"n":${i},"text":"${'x'.repeat(Math.max(0, size - 20))}"}`.slice(0, size)),
    timestamp: String(1_700_000_000_000 + i),
  }));
  const request = produceRequest({
    acks: -1,
    timeout: 30_000,
    producerId: 1,
    producerEpoch: 0,
    topicData: [{ topic: 'bench', partitions: [{ partition: 0, firstSequence: 0, messages }] }],
  });
  let encoded = 0;
  let bytes = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    bytes += (await request.encode()).buffer.length;
    encoded += count;
  }
  const elapsed = (performance.now() - started) / 1000;
  console.log(`${String(size).padStart(5)} B messages, ${count} per request: ${Math.round(encoded / elapsed).toLocaleString('en')} messages/s, ${(bytes / 1048576 / elapsed).toFixed(0)} MiB/s encoded`);
}
