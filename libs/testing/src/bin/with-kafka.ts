#!/usr/bin/env node
/**
 * Runs a command with a Kafka broker: `KAFKA_BROKERS` when already set, else one started here
 * (container or jars) and stopped when the command ends. Exits with the command's exit code.
 *
 *   node libs/testing/src/bin/with-kafka.ts -- nx run-many -t test
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { startKafkaBroker } from '../kafka/broker.ts';

const separator = process.argv.indexOf('--');
const command =
  separator === -1 ? process.argv.slice(2) : process.argv.slice(separator + 1);
if (command.length === 0) {
  process.stderr.write('usage: with-kafka.ts -- <command> [args...]\n');
  process.exit(2);
}

const broker = await startKafkaBroker();
const child = spawn(command[0] as string, command.slice(1), {
  stdio: 'inherit',
  env: {
    ...process.env,
    KAFKA_BROKERS: broker.brokers.join(','),
    KAFKA_BROKERS_ORIGIN: broker.origin,
  },
});

// The command gets Ctrl-C from the terminal itself; we only pass on what is sent to us alone,
// and stay alive until the command has ended so that the broker is stopped after it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (signal !== 'SIGINT') child.kill(signal);
  });
}

const code = await new Promise<number>((resolve) => {
  child.once('error', (error) => {
    process.stderr.write(
      `with-kafka: cannot run ${command[0]}: ${error.message}\n`,
    );
    resolve(127);
  });
  child.once('exit', (exitCode, signal) => {
    resolve(exitCode ?? 128 + (signal ? constants.signals[signal] : 1));
  });
});
await broker.stop();
process.exit(code);
