#!/usr/bin/env node
/**
 * Prints a topic's rows and events live, decoded as Quix reads them (json or quix format):
 * readable lines on a terminal, JSON lines otherwise. Ctrl-C stops it.
 *
 *   npm run tail -- <topic> [--from-beginning] [--json | --pretty] [--brokers host:port,...]
 *
 * Brokers: --brokers, else KAFKA_BROKERS, else 127.0.0.1:9092 (what `npm run kafka` starts).
 */
import { parseArgs } from 'node:util';
import { parseBrokerList } from '../kafka/broker-list.ts';
import { tailTopic } from '../tail/tail-topic.ts';

const USAGE = 'usage: npm run tail -- <topic> [--from-beginning] [--json | --pretty] [--brokers host:port,...]';

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { 'from-beginning': { type: 'boolean' }, json: { type: 'boolean' }, pretty: { type: 'boolean' }, brokers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (error) {
  process.stderr.write(`tail: ${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1 || (values.json && values.pretty)) {
  process.stderr.write(`tail: ${positionals.length !== 1 ? 'give exactly one topic' : '--json and --pretty exclude each other'}\n${USAGE}\n`);
  process.exit(2);
}
const topic = positionals[0] as string;
const brokers = parseBrokerList(values.brokers ?? process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092');
const pretty = values.pretty ?? (!values.json && process.stdout.isTTY === true);

const tail = tailTopic({
  brokers,
  topic,
  fromBeginning: values['from-beginning'] ?? false,
  pretty,
  write: (line) => process.stdout.write(`${line}\n`),
  warn: (line) => process.stderr.write(`tail: ${line}\n`),
});
const giveUp = setTimeout(() => {
  process.stderr.write(`tail: still no answer from ${brokers.join(',')} after 30 s; is Kafka running there? (npm run kafka starts one on 127.0.0.1:9092)\n`);
}, 30_000);
tail.ready.then(
  () => {
    clearTimeout(giveUp);
    process.stderr.write(`tail: reading ${topic} at ${brokers.join(',')} ${values['from-beginning'] ? 'from its first message' : 'from now on'}; Ctrl-C to stop\n`);
  },
  (error: unknown) => {
    process.stderr.write(`tail: cannot read ${topic} at ${brokers.join(',')}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
// A reader that went away (`npm run -s tail -- x | head`): stop quietly, as other Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  void tail.stop().finally(() => process.exit(0));
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    tail.stop().finally(() => process.exit(0));
  });
}
