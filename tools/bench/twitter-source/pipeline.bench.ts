// twitter-source's CPU per post without sockets or a broker: each step of the app's main thread,
// alone and all together. Not a test: measured on demand, never asserted.
//   tools/bench/run.sh tools/bench/twitter-source/pipeline.bench.ts [posts=100000]
// stream.bench.ts shows the main thread busy the whole throughput run; this shows on what.
import { createEncoder, type EncodedMessage, type MessageFormat } from '@quix-connectors/message-schema';
import { LineSplitter } from '../../../apps/twitter-source/src/app/line-splitter.js';
import { postToRow, type ReceivedPost, type StreamPost } from '../../../apps/twitter-source/src/app/post-format.js';
import { samplePost } from '../../../apps/twitter-source/src/stand-in/sample-posts.js';
import { produceRequest } from '../installed-kafkajs.js';

const count = Number(process.argv[2] ?? 100_000);
const BATCH = 5000; // the publisher's maxBatch
const REQUEST_BYTES = 1_000_000; // the most one produce call holds
const CHUNK_BYTES = 65_536; // what one socket read gives
const lines = Array.from({ length: count }, (_, n) => JSON.stringify(samplePost(n)));
const stream = Buffer.from(lines.map((l) => `${l}\r\n`).join(''));
const chunks = Array.from({ length: Math.ceil(stream.length / CHUNK_BYTES) }, (_, i) => stream.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES));

async function time(label: string, run: () => unknown): Promise<void> {
  const runs: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = performance.now();
    await run();
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  const us = (runs[2] * 1000) / count;
  console.log(`${label.padEnd(28)} ${us.toFixed(2)} µs/post = ${Math.round(1e6 / us)} posts/s (median of 5)`);
}

const split = () => {
  const splitter = new LineSplitter();
  const out: string[] = [];
  for (const chunk of chunks) for (const line of splitter.push(chunk)) out.push(line);
  return out;
};
/** The whole path as the app runs it: a batch goes through every step as soon as it is read. */
const everything = async (format: MessageFormat) => {
  const splitter = new LineSplitter();
  let batch: string[] = [];
  for (const chunk of chunks) {
    for (const line of splitter.push(chunk)) batch.push(line);
    if (batch.length >= BATCH) {
      await kafkaEncode(encode(parse(batch), format));
      batch = [];
    }
  }
  await kafkaEncode(encode(parse(batch), format));
};
const parse = (text: string[]) => text.map((raw): ReceivedPost => ({ post: JSON.parse(raw) as StreamPost, raw, receivedAtMs: Date.now() }));
const encode = (received: ReceivedPost[], format: MessageFormat) => {
  const encoder = createEncoder(format);
  const out: EncodedMessage[] = [];
  for (let i = 0; i < received.length; i += BATCH) out.push(...encoder.encodeRows(received.slice(i, i + BATCH).map(postToRow), REQUEST_BYTES));
  return out;
};
/** Requests of at most REQUEST_BYTES, as the delivery queue cuts them, encoded as kafkajs does. */
const kafkaEncode = async (messages: EncodedMessage[]) => {
  const key = 'twitter-stream';
  for (let i = 0; i < messages.length; ) {
    const batch = [];
    for (let bytes = 0; i < messages.length && bytes + messages[i].value.length < REQUEST_BYTES; i++) {
      bytes += messages[i].value.length + 40;
      batch.push({ key, value: messages[i].value, timestamp: String(messages[i].timestampMs) });
    }
    const request = produceRequest({ acks: -1, timeout: 30_000, topicData: [{ topic: 'bench', partitions: [{ partition: 0, messages: batch }] }] });
    await request.encode();
  }
};

const texts = split();
const received = parse(texts);
await time('split lines', split);
await time('JSON.parse', () => parse(texts));
await time('postToRow', () => received.map(postToRow));
for (const format of ['json', 'quix'] as const) {
  const encoded = encode(received, format);
  await time(`postToRow + encode (${format})`, () => encode(received, format));
  await time(`kafkajs encode (${format})`, () => kafkaEncode(encoded));
  await time(`all of them (${format})`, () => everything(format));
}
