import { dockerAvailable, startContainerBroker } from './docker-broker.ts';
import { startJarBroker } from './jar-broker.ts';
import { parseBrokerList } from './broker-list.ts';
import type { ListenerSpec } from './server-properties.ts';

export { parseBrokerList };

export interface KafkaBroker {
  brokers: string[];
  origin: 'env' | 'testcontainers' | 'jars';
  /**
   * Listener name -> `host:port`. Always has `PLAINTEXT` (same as `brokers[0]`); the jar broker
   * adds one entry per extra listener.
   */
  listeners: Record<string, string>;
  /** Stops what this call started; a no-op for `env`. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartKafkaBrokerOptions {
  /** Where `KAFKA_BROKERS` is read from; defaults to `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Skip the Docker probe (`false`), or force the container path (`true`). */
  docker?: boolean;
  /** Image for the testcontainers path. */
  image?: string;
  /** Jar broker only: the client port (default: a free one). */
  plaintextPort?: number;
  /** Jar broker only: listeners besides PLAINTEXT (port 0 = pick a free one). */
  extraListeners?: readonly ListenerSpec[];
  /** Jar broker only: server.properties entries, applied last. */
  extraServerProperties?: Readonly<Record<string, string>>;
  /** Bound on the wait for the jar broker to answer. Default 60 s. */
  readyTimeoutMs?: number;
  /** Where the start time is reported; defaults to stderr. */
  log?: (line: string) => void;
}

/**
 * A Kafka broker for tests and local runs: `KAFKA_BROKERS` when set, else a container when a
 * Docker engine answers, else Apache Kafka from its Maven jars.
 */
export async function startKafkaBroker(
  options: StartKafkaBrokerOptions = {},
): Promise<KafkaBroker> {
  const env = options.env ?? process.env;
  const log =
    options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fromEnv = parseBrokerList(env['KAFKA_BROKERS']);
  if (fromEnv.length > 0) {
    return {
      brokers: fromEnv,
      origin: 'env',
      listeners: { PLAINTEXT: fromEnv[0] as string },
      stop: async () => undefined,
    };
  }

  const started = Date.now();
  const useDocker = options.docker ?? (await dockerAvailable());
  if (useDocker) {
    const container = await startContainerBroker(options.image);
    log(
      `kafka: testcontainers broker at ${container.brokers.join(',')} started in ${Date.now() - started} ms`,
    );
    return {
      ...container,
      origin: 'testcontainers',
      listeners: { PLAINTEXT: container.brokers[0] as string },
    };
  }

  const jar = await startJarBroker({
    plaintextPort: options.plaintextPort,
    extraListeners: options.extraListeners,
    extraServerProperties: options.extraServerProperties,
    readyTimeoutMs: options.readyTimeoutMs,
  });
  log(
    `kafka: broker from jars at ${jar.brokers.join(',')} started in ${Date.now() - started} ms (dir ${jar.dir})`,
  );
  return {
    brokers: jar.brokers,
    origin: 'jars',
    listeners: jar.listeners,
    stop: jar.stop,
  };
}
