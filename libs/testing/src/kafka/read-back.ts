import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { EachMessagePayload, IHeaders } from 'kafkajs';
import { TestingError } from './errors.ts';

export interface ReadMessage {
  key: string | null;
  value: Buffer;
  /** Kafka timestamp in ms, as kafkajs gives it. */
  timestamp: string;
  partition: number;
  offset: string;
  headers: Record<string, string>;
}

export interface ReadBackOptions {
  count: number;
  timeoutMs: number;
}

export interface ReadAllOptions {
  /** Reject when no message arrived for this long before the end offsets were reached. */
  idleMs: number;
}

/**
 * Reads a topic from the beginning with a fresh consumer group and resolves with the first
 * `count` messages (in arrival order); rejects after `timeoutMs` saying how many arrived.
 */
export async function readBack(
  brokers: readonly string[],
  topic: string,
  options: ReadBackOptions,
): Promise<ReadMessage[]> {
  return consume(brokers, topic, async () => {
    const done = (messages: ReadMessage[]): boolean =>
      messages.length >= options.count;
    const timeout = (messages: ReadMessage[]): string =>
      `timed out after ${options.timeoutMs} ms: ${messages.length} of ${options.count} messages arrived from ${topic}`;
    return {
      done,
      deadlineMs: options.timeoutMs,
      idle: false,
      timeout,
      limit: options.count,
    };
  });
}

/** Reads a topic from the beginning until every partition's end offset (at call time). */
export async function readAll(
  brokers: readonly string[],
  topic: string,
  options: ReadAllOptions,
): Promise<ReadMessage[]> {
  return consume(brokers, topic, async (kafka) => {
    const admin = kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
    const done = (messages: ReadMessage[]): boolean => {
      const next = new Map<number, bigint>();
      for (const m of messages) next.set(m.partition, BigInt(m.offset) + 1n);
      return [...ends].every(
        ([partition, end]) => (next.get(partition) ?? 0n) >= end,
      );
    };
    const timeout = (messages: ReadMessage[]): string =>
      `no message for ${options.idleMs} ms: ${messages.length} messages arrived from ${topic} before its end offsets`;
    return { done, deadlineMs: options.idleMs, idle: true, timeout };
  });
}

/** Bound on joining the reader's consumer group, before the read's own deadline starts. */
const JOIN_TIMEOUT_MS = 60_000;

/** When a read is complete, and how long it may take; `consume` follows it. */
export interface ReadPlan {
  done(messages: ReadMessage[]): boolean;
  deadlineMs: number;
  /** When true the deadline restarts on every message. */
  idle: boolean;
  timeout(messages: ReadMessage[]): string;
  limit?: number;
}

/** Reads `topic` from the beginning with a fresh consumer group until the plan says done. */
export async function consume(
  brokers: readonly string[],
  topic: string,
  plan: (kafka: Kafka) => Promise<ReadPlan>,
): Promise<ReadMessage[]> {
  // Quiet: right after a broker starts, group joins fail with retriable errors that kafkajs
  // logs as errors and then retries; a crash it will not retry rejects below.
  const kafka = new Kafka({
    clientId: 'quix-connectors-testing-reader',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  const { done, deadlineMs, idle, timeout, limit } = await plan(kafka);
  const messages: ReadMessage[] = [];
  if (done(messages)) return messages;

  // read_committed (kafkajs's default, stated): rows of aborted transactions are never returned.
  const consumer = kafka.consumer({ groupId: `read-back-${randomUUID()}`, readUncommitted: false });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(
          () => reject(new TestingError('READ_TIMEOUT', timeout(messages))),
          deadlineMs,
        );
      };
      // The deadline counts from the group join: joining a fresh group can take seconds on a
      // busy machine, and that is not the silence this reader waits for.
      timer = setTimeout(
        () => reject(new TestingError('READ_TIMEOUT', `could not join a consumer group for ${topic} within ${JOIN_TIMEOUT_MS} ms`)),
        JOIN_TIMEOUT_MS,
      );
      consumer.on(consumer.events.GROUP_JOIN, () => arm());
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) reject(payload.error);
      });
      consumer
        .run({
          eachMessage: async ({ partition, message }: EachMessagePayload) => {
            if (limit !== undefined && messages.length >= limit) return;
            messages.push({
              key: message.key === null ? null : message.key.toString('utf8'),
              value: message.value ?? Buffer.alloc(0),
              timestamp: message.timestamp,
              partition,
              offset: message.offset,
              headers: headersToStrings(message.headers),
            });
            if (idle) arm();
            if (done(messages)) resolve();
          },
        })
        .catch(reject);
    });
    return messages;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function headersToStrings(
  headers: IHeaders | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value : [value])
      .map((v) => v.toString())
      .join(',');
  }
  return out;
}
