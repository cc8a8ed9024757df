/**
 * The testcontainers path, for machines with a Docker engine (developers' laptops, GitHub
 * Actions). testcontainers is imported lazily: loading it costs time that the env and jar paths
 * should not pay.
 */

/**
 * `@testcontainers/kafka`'s KafkaContainer drives the Confluent image's start scripts, so it
 * needs a `confluentinc/cp-kafka` image; from 8.0 it runs in KRaft mode (8.0 is Apache Kafka 4.0).
 */
export const DEFAULT_KAFKA_IMAGE = 'confluentinc/cp-kafka:8.0.0';

/** True when a container runtime answers within `timeoutMs`; never throws, never logs. */
export async function dockerAvailable(timeoutMs = 3_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, timeoutMs, false);
    timer.unref();
  });
  const probe = (async () => {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    return Boolean(client.info);
  })().catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ContainerBroker {
  brokers: string[];
  stop(): Promise<void>;
}

export async function startContainerBroker(
  image = DEFAULT_KAFKA_IMAGE,
): Promise<ContainerBroker> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  // As server-properties.ts does for the jar broker: no time retention (cp-kafka maps KAFKA_* to properties).
  const container = await new KafkaContainer(image).withEnvironment({ KAFKA_LOG_RETENTION_MS: '-1' }).start();
  return {
    brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
    stop: async () => {
      await container.stop();
    },
  };
}
