import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestingError } from './errors.ts';
import { freePort } from './free-port.ts';
import { randomClusterId } from './cluster-id.ts';
import { BROKER_LOG4J2_PROPERTIES } from './log4j2-properties.ts';
import { readLogTail } from './log-tail.ts';
import { toolPath } from './repo-paths.ts';
import { runTool } from './run-tool.ts';
import {
  buildServerProperties,
  formatProperties,
} from './server-properties.ts';
import type { ListenerSpec } from './server-properties.ts';
import { waitForBroker } from './wait-for-broker.ts';

const HOST = '127.0.0.1';

export interface JarBrokerOptions {
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

/** Starts Apache Kafka (KRaft, one combined node) from the cached Maven jars. */
export async function startJarBroker(
  options: JarBrokerOptions = {},
): Promise<JarBroker> {
  const java =
    options.java ??
    (process.env['JAVA_HOME']
      ? join(process.env['JAVA_HOME'], 'bin', 'java')
      : 'java');
  const jars = await runTool(toolPath('kafka', 'fetch-jars.sh'), []);
  const classpath = join(jars, '*');
  const dir = await mkdtemp(join(tmpdir(), 'quix-connectors-kafka-'));
  const logFile = join(dir, 'broker.log');
  const log4j = join(dir, 'log4j2.properties');
  const propsFile = join(dir, 'server.properties');
  const jvmLogging = [
    `-Dlog4j2.configurationFile=${log4j}`,
    '-Djava.awt.headless=true',
  ];

  try {
    const plaintextPort = await freePort(HOST);
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

    // Short-lived tool JVM: the C1 compiler alone and the serial GC start faster.
    await runTool(java, [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      ...jvmLogging,
      '-cp',
      classpath,
      'kafka.tools.StorageTool',
      'format',
      '--standalone',
      '-t',
      randomClusterId(),
      '-c',
      propsFile,
      ...(options.formatArgs ?? []),
    ]);

    const child = spawn(
      toolPath('kafka', 'supervise.sh'),
      [
        dir,
        logFile,
        java,
        `-Xmx${options.heap ?? '512m'}`,
        ...jvmLogging,
        '-cp',
        classpath,
        'kafka.Kafka',
        propsFile,
      ],
      // Own process group: a Ctrl-C meant for the tests does not hit the broker mid-run; the
      // supervisor stops it when our end of its stdin closes (see tools/kafka/supervise.sh).
      { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const brokers = [`${HOST}:${plaintextPort}`];
    const stop = once(() => stopSupervised(child, exited, dir));

    const earlyExit = exited.then((code) => {
      throw new Error(
        `the broker process exited with code ${code} during start`,
      );
    });
    try {
      await Promise.race([
        waitForBroker(brokers, options.readyTimeoutMs ?? 60_000),
        earlyExit,
      ]);
    } catch (cause) {
      const tail = await readLogTail(logFile);
      await stop();
      throw new TestingError(
        'BROKER_START_FAILED',
        `Kafka (jars) did not start: ${String(cause)}\n--- broker.log (tail) ---\n${tail}`,
        { cause },
      );
    } finally {
      earlyExit.catch(() => undefined);
    }
    // Nothing in this process should stay alive just for the broker; stop() or our exit ends it.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();

    const listeners: Record<string, string> = {
      PLAINTEXT: brokers[0] as string,
    };
    for (const l of extraListeners) listeners[l.name] = `${HOST}:${l.port}`;
    // Only the java process is frozen, never its supervisor: if this process dies while the
    // broker is paused, the supervisor can still kill it (SIGKILL works on a stopped process).
    const signalJava = async (signal: NodeJS.Signals) => {
      const pid = Number(await runTool('pgrep', ['-P', String(child.pid), '-x', 'java']));
      process.kill(pid, signal);
    };
    return { brokers, listeners, dir, pause: () => signalJava('SIGSTOP'), resume: () => signalJava('SIGCONT'), stop };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopSupervised(
  child: ChildProcess,
  exited: Promise<unknown>,
  dir: string,
): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.ref();
    child.stdin?.end();
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(resolve, 15_000, 'timeout').unref(),
    );
    if (
      (await Promise.race([exited, timeout])) === 'timeout' &&
      child.pid !== undefined
    ) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  }
  await rm(dir, { recursive: true, force: true });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
