import { Kafka, logLevel } from 'kafkajs';
import { TestingError } from './errors.ts';

export interface WaitForBrokerOptions {
  timeoutMs: number;
  intervalMs?: number;
  /**
   * The cluster id the broker was formatted with. Ports are picked free and then released, so on
   * a busy machine another process's broker can take ours first; without this check the test
   * would silently talk to that other broker.
   */
  clusterId?: string;
}

/**
 * Resolves once a kafkajs admin can list topics and find the group coordinator on `brokers`;
 * rejects with the last error after `timeoutMs`, or at once with BROKER_PORT_TAKEN when a
 * broker of another cluster answers there.
 */
export async function waitForBroker(
  brokers: readonly string[],
  options: WaitForBrokerOptions,
): Promise<void> {
  const { timeoutMs, intervalMs = 200, clusterId } = options;
  const deadline = Date.now() + timeoutMs;
  const kafka = new Kafka({
    clientId: 'quix-connectors-testing-ready',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      if (clusterId !== undefined) {
        const answered = (await admin.describeCluster()).clusterId;
        if (answered !== clusterId) {
          throw new TestingError(
            'BROKER_PORT_TAKEN',
            `another Kafka (cluster ${answered}) answers on ${brokers.join(',')}, not ours (${clusterId})`,
          );
        }
      }
      await admin.listTopics();
      // Asking for a group makes the broker create its offsets topic now: otherwise the first
      // consumer group of a test waits for it, which on a busy machine can take many seconds.
      await admin.describeGroups(['quix-connectors-warm-up']);
      return;
    } catch (error) {
      if (error instanceof TestingError) throw error;
      lastError = error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `no answer from ${brokers.join(',')} within ${timeoutMs} ms: ${String(lastError)}`,
  );
}
