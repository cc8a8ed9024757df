import { Kafka, logLevel } from 'kafkajs';

/**
 * Resolves once a kafkajs admin can list topics and find the group coordinator on `brokers`;
 * rejects with the last error after `timeoutMs`. Polls every `intervalMs`.
 */
export async function waitForBroker(
  brokers: readonly string[],
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
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
      await admin.listTopics();
      // Asking for a group makes the broker create its offsets topic now: otherwise the first
      // consumer group of a test waits for it, which on a busy machine can take many seconds.
      await admin.describeGroups(['quix-connectors-warm-up']);
      return;
    } catch (error) {
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
