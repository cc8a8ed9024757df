#!/usr/bin/env node
/**
 * Starts a local Kafka broker (Apache Kafka from its Maven jars; needs Java 17) for `nx serve` and
 * manual runs, prints `KAFKA_BROKERS=...`, and keeps it up until Ctrl-C. Ignores any
 * `KAFKA_BROKERS` already in the environment: its job is to start one.
 *
 *   node libs/testing/src/bin/kafka-local.ts [--port 9092]
 *
 * The port is 9092, as the apps' READMEs assume, unless that one is taken (another Kafka?): then
 * a free one, said loudly. `--port 0` always takes a free one.
 */
import { parseArgs } from 'node:util';
import { createServer } from 'node:net';
import { startKafkaBroker } from '../kafka/broker.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '9092' } } });
const wanted = Number(values.port);
if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65_535) {
  process.stderr.write(`kafka-local: --port must be a port number (0 for any free one), not ${JSON.stringify(values.port)}\n`);
  process.exit(2);
}

const portFree = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });

let plaintextPort: number | undefined;
if (wanted !== 0) {
  if (await portFree(wanted)) plaintextPort = wanted;
  else process.stderr.write(`kafka-local: port ${wanted} is taken (another Kafka?); starting on a free port instead: use the KAFKA_BROKERS printed below, not localhost:${wanted}\n`);
}

const broker = await startKafkaBroker({ env: {}, docker: false, plaintextPort });
process.stdout.write(`KAFKA_BROKERS=${broker.brokers.join(',')}\n`);
process.stderr.write('kafka-local: broker up; Ctrl-C to stop it\n');

const keepAlive = setInterval(() => undefined, 1 << 30);
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('kafka-local: stopping the broker\n');
    broker.stop().then(
      () => {
        clearInterval(keepAlive);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`kafka-local: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
