import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestingError } from './errors.ts';
import { freePort } from './free-port.ts';
import { randomClusterId } from './cluster-id.ts';
import { brokerJavaPid, formatStorage, jarRuntime, spawnSupervisedBroker, stopSupervisedBroker, unrefSupervisor } from './jar-process.ts';
import type { JarRuntime } from './jar-process.ts';
import { BROKER_LOG4J2_PROPERTIES } from './log4j2-properties.ts';
import { readLogTail } from './log-tail.ts';
import {
  buildServerProperties,
  formatProperties,
} from './server-properties.ts';
import type { ListenerSpec } from './server-properties.ts';
import { waitForBroker } from './wait-for-broker.ts';

const HOST = '127.0.0.1';

export interface JarBrokerOptions {
  /** The client port; a free one when unset. A fixed port is tried once: taken means an error. */
  plaintextPort?: number;
  /** Extra listeners besides PLAINTEXT; a port of 0 is replaced with a free one. */
  extraListeners?: readonly ListenerSpec[];
  extraServerProperties?: Readonly<Record<string, string>>;
  /** Extra arguments of `kafka-storage format`, e.g. `--add-scram` to create SCRAM users. */
  formatArgs?: readonly string[];
  readyTimeoutMs?: number;
  /** Java executable; defaults to `$JAVA_HOME/bin/java` or `java` on the PATH. */
  java?: string;
  heap?: string;
}

export interface JarBroker {
  brokers: string[];
  /** Listener name -> `host:port`, including `PLAINTEXT`. */
  listeners: Record<string, string>;
  /** The broker's temp dir (server.properties, broker.log, data); removed by stop(). */
  dir: string;
  /** Freezes the broker process (SIGSTOP): it stops answering, as a hung or partitioned broker. */
  pause(): Promise<void>;
  /** Lets a paused broker go on (SIGCONT). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Start attempts: a port picked free can be taken by another process before the broker binds it. */
const START_ATTEMPTS = 3;

/** Starts Apache Kafka (KRaft, one combined node) from the cached Maven jars. */
export async function startJarBroker(
  options: JarBrokerOptions = {},
): Promise<JarBroker> {
  const runtime = await jarRuntime(options.java);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(runtime, options);
    } catch (error) {
      const portTaken = error instanceof TestingError && error.code === 'BROKER_PORT_TAKEN';
      if (!portTaken || attempt === START_ATTEMPTS || options.plaintextPort !== undefined) throw error;
    }
  }
}

async function startOnce(
  runtime: JarRuntime,
  options: JarBrokerOptions,
): Promise<JarBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'quix-connectors-kafka-'));
  const logFile = join(dir, 'broker.log');
  const log4j = join(dir, 'log4j2.properties');
  const propsFile = join(dir, 'server.properties');

  try {
    const plaintextPort = options.plaintextPort ?? (await freePort(HOST));
    const controllerPort = await freePort(HOST);
    const extraListeners: ListenerSpec[] = [];
    for (const l of options.extraListeners ?? []) {
      extraListeners.push({ ...l, port: l.port || (await freePort(HOST)) });
    }
    const properties = buildServerProperties({
      host: HOST,
      plaintextPort,
      controllerPort,
      logDir: join(dir, 'data'),
      extraListeners,
      extraServerProperties: options.extraServerProperties,
    });
    await writeFile(propsFile, formatProperties(properties));
    await writeFile(log4j, BROKER_LOG4J2_PROPERTIES);

    const clusterId = randomClusterId();
    await formatStorage(runtime, { propsFile, log4jFile: log4j }, clusterId, options.formatArgs);
    // The supervisor deletes the whole temp dir once the broker has ended (tools/kafka/supervise.sh).
    const { child, exited } = spawnSupervisedBroker(
      runtime,
      { propsFile, log4jFile: log4j, logFile, removeDir: dir },
      options.heap,
    );
    const brokers = [`${HOST}:${plaintextPort}`];
    const stop = once(async () => {
      await stopSupervisedBroker({ child, exited });
      await rm(dir, { recursive: true, force: true });
    });

    const earlyExit = exited.then((code) => {
      throw new Error(
        `the broker process exited with code ${code} during start`,
      );
    });
    try {
      await Promise.race([
        waitForBroker(brokers, { timeoutMs: options.readyTimeoutMs ?? 60_000, clusterId }),
        earlyExit,
      ]);
    } catch (cause) {
      const tail = await readLogTail(logFile);
      await stop();
      const portTaken =
        (cause instanceof TestingError && cause.code === 'BROKER_PORT_TAKEN') ||
        /BindException|Address already in use/.test(tail);
      throw new TestingError(
        portTaken ? 'BROKER_PORT_TAKEN' : 'BROKER_START_FAILED',
        `Kafka (jars) did not start: ${String(cause)}\n--- broker.log (tail) ---\n${tail}`,
        { cause },
      );
    } finally {
      earlyExit.catch(() => undefined);
    }
    // Nothing in this process should stay alive just for the broker; stop() or our exit ends it.
    unrefSupervisor(child);

    const listeners: Record<string, string> = {
      PLAINTEXT: brokers[0] as string,
    };
    for (const l of extraListeners) listeners[l.name] = `${HOST}:${l.port}`;
    // Only the java process is frozen, never its supervisor: if this process dies while the
    // broker is paused, the supervisor can still kill it (SIGKILL works on a stopped process).
    const javaPid = () => brokerJavaPid(child);
    return {
      brokers,
      listeners,
      dir,
      pause: async () => signalAndWait(await javaPid(), 'SIGSTOP', true),
      resume: async () => signalAndWait(await javaPid(), 'SIGCONT', false),
      stop,
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Sends SIGSTOP or SIGCONT and waits until every thread of the process is stopped (or none is),
 * so that a test's next request really meets a frozen (or running) broker.
 */
async function signalAndWait(pid: number, signal: 'SIGSTOP' | 'SIGCONT', wantStopped: boolean): Promise<void> {
  process.kill(pid, signal);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const states = await threadStates(pid);
    if (states === undefined) return; // no /proc here: trust the signal
    const isStopped = (state: string) => state === 'T' || state === 't';
    if (wantStopped ? states.every(isStopped) : !states.some(isStopped)) return;
    if (Date.now() > deadline) throw new Error(`the broker (pid ${pid}) is not ${wantStopped ? 'stopped' : 'running'} 10 s after ${signal}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Each thread's state letter from /proc/<pid>/task/<tid>/stat; undefined without /proc. */
async function threadStates(pid: number): Promise<string[] | undefined> {
  const tids = await readdir(`/proc/${pid}/task`).catch(() => undefined);
  if (tids === undefined) return undefined;
  const stats = await Promise.all(tids.map((tid) => readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '')));
  // The state follows the command name, which is in parentheses and may hold spaces; a thread
  // gone meanwhile reads as empty and is skipped.
  return stats.filter((stat) => stat !== '').map((stat) => stat.charAt(stat.lastIndexOf(')') + 2));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
