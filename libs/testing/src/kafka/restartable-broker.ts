import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomClusterId } from './cluster-id.ts';
import { TestingError } from './errors.ts';
import { freePort } from './free-port.ts';
import { brokerJavaPid, formatStorage, jarRuntime, spawnSupervisedBroker, stopSupervisedBroker, unrefSupervisor } from './jar-process.ts';
import type { SupervisedBroker } from './jar-process.ts';
import { BROKER_LOG4J2_PROPERTIES } from './log4j2-properties.ts';
import { readLogTail } from './log-tail.ts';
import { buildServerProperties, formatProperties } from './server-properties.ts';
import { waitForBroker } from './wait-for-broker.ts';

const HOST = '127.0.0.1';

export interface RestartableBrokerOptions {
  extraServerProperties?: Readonly<Record<string, string>>;
  /** Bound on each start and restart, until the broker answers. Default 90 s. */
  readyTimeoutMs?: number;
  java?: string;
  heap?: string;
}

/**
 * A jar broker for fault tests: it can be killed as a crash kills it and started again on the
 * same ports with the same log dirs and cluster id, so clients see the same broker come back.
 */
export interface RestartableBroker {
  brokers: string[];
  /** server.properties, broker.log (appended across restarts) and data/; kept until stop(). */
  dir: string;
  readonly running: boolean;
  /** SIGKILL to the broker's JVM (no controlled shutdown, no flush); resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts it again from the same server.properties; resolves once it answers (ms taken). */
  restart(): Promise<number>;
  /** Ends the broker if it runs and deletes `dir`. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts Apache Kafka (KRaft, one combined node) from the cached Maven jars, restartable. */
export async function startRestartableBroker(options: RestartableBrokerOptions = {}): Promise<RestartableBroker> {
  const runtime = await jarRuntime(options.java);
  const dir = await mkdtemp(join(tmpdir(), 'quix-connectors-kafka-restartable-'));
  const files = { propsFile: join(dir, 'server.properties'), log4jFile: join(dir, 'log4j2.properties'), logFile: join(dir, 'broker.log') };
  const plaintextPort = await freePort(HOST);
  const properties = buildServerProperties({
    host: HOST,
    plaintextPort,
    controllerPort: await freePort(HOST),
    logDir: join(dir, 'data'),
    extraServerProperties: options.extraServerProperties,
  });
  const brokers = [`${HOST}:${plaintextPort}`];
  const clusterId = randomClusterId();
  let current: SupervisedBroker | undefined;
  let runs = 0;

  const launch = async (): Promise<number> => {
    const started = Date.now();
    // The supervisor deletes this empty folder when the broker ends, and nothing else.
    const removeDir = join(dir, `run-${++runs}`);
    await mkdir(removeDir);
    const supervised = spawnSupervisedBroker(runtime, { ...files, removeDir }, options.heap);
    current = supervised;
    const earlyExit = supervised.exited.then((code) => {
      throw new Error(`the broker process exited with code ${code} during start`);
    });
    try {
      await Promise.race([waitForBroker(brokers, { timeoutMs: options.readyTimeoutMs ?? 90_000, clusterId }), earlyExit]);
    } catch (cause) {
      const tail = await readLogTail(files.logFile);
      await stopSupervisedBroker(supervised);
      current = undefined;
      throw new TestingError('BROKER_START_FAILED', `Kafka (jars, run ${runs}) did not start on ${brokers[0]}: ${String(cause)}\n--- broker.log (tail) ---\n${tail}`, { cause });
    } finally {
      earlyExit.catch(() => undefined);
    }
    unrefSupervisor(supervised.child);
    return Date.now() - started;
  };

  try {
    await writeFile(files.propsFile, formatProperties(properties));
    await writeFile(files.log4jFile, BROKER_LOG4J2_PROPERTIES);
    await formatStorage(runtime, files, clusterId);
    await launch();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    brokers,
    dir,
    get running() {
      return current !== undefined;
    },
    async kill() {
      if (current === undefined) throw new Error('the broker is not running');
      const supervised = current;
      process.kill(await brokerJavaPid(supervised.child), 'SIGKILL');
      await supervised.exited;
      current = undefined;
    },
    async restart() {
      if (current !== undefined) throw new Error('the broker is still running: kill() it first');
      return launch();
    },
    stop: () =>
      (stopping ??= (async () => {
        if (current !== undefined) await stopSupervisedBroker(current);
        current = undefined;
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}
