import { KafkaClient, KafkaSink, QuixProducer, type QuixProducerOptions } from '../index.js';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A Kafka sink on `brokers` through the producer lib's one client, as the apps make it. */
export function kafkaSinkFor(brokers: string[], options: { createTopics?: boolean; connectTimeoutMs?: number; clientId?: string } = {}): KafkaSink {
  const client = new KafkaClient({ brokers, clientId: options.clientId ?? 'test', logger: silent });
  return new KafkaSink(client, { createTopics: options.createTopics ?? true, connectTimeoutMs: options.connectTimeoutMs ?? 30_000, logger: silent });
}

/** A connected producer on `brokers` writing `topic`; options as QuixProducer takes them. */
export async function testProducer(
  brokers: string[],
  options: Partial<Omit<QuixProducerOptions, 'sink'>> & { topic: string },
): Promise<QuixProducer> {
  const producer = new QuixProducer({
    sink: kafkaSinkFor(brokers),
    format: 'json',
    maxMessageBytes: 1_000_000,
    maxPendingBytes: 8 * 1024 * 1024,
    buffer: { timeSpanMs: 10, maxRows: 100 },
    ...options,
  });
  await producer.connect();
  return producer;
}
