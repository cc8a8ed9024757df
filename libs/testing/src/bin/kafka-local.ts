#!/usr/bin/env node
/**
 * Starts a local Kafka broker (container when Docker answers, else the jars) for `nx serve` and
 * manual runs, prints `KAFKA_BROKERS=...`, and keeps it up until Ctrl-C. Ignores any
 * `KAFKA_BROKERS` already in the environment: its job is to start one.
 *
 *   node libs/testing/src/bin/kafka-local.ts
 */
import { startKafkaBroker } from '../kafka/broker.ts';

const broker = await startKafkaBroker({ env: {} });
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
