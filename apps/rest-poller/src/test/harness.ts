import { randomUUID } from 'node:crypto';
import { loadConfig } from '@quix-connectors/config';
import {
  BadRecords,
  producerVariables,
  resolveOutput,
  TransactionalProducer,
  transactionalProducerFor,
  type BadRecord,
  type BadRecordPolicy,
  type Refusal,
  type TransactionalSink,
  type TransactionContent,
} from '@quix-connectors/quix-producer';
import { parseJsonExact, type TimeseriesRow } from '@quix-connectors/message-schema';
import { readCommitted, testBrokers } from '@quix-connectors/testing';
import { systemClock, type Clock } from '@quix-connectors/timing';
import Fastify, { type FastifyInstance } from 'fastify';
import { endpointSchema, type Endpoint, type EndpointInput } from '../app/endpoint-config.js';
import type { EndpointState, StateChange } from '../app/endpoint-state.js';
import { EndpointPoller, type PollerDeps } from '../app/endpoint-poller.js';
import { pollCommitter } from '../app/poll-commit.js';
import type { PollFailure } from '../app/poll-errors.js';
import { StateLog } from '../app/state-log.js';

/** A local REST stand-in on 127.0.0.1 and a free port; routes are added by the test. */
export async function startStandIn(routes: (app: FastifyInstance) => void): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ forceCloseConnections: true, bodyLimit: 512 * 1024 * 1024 });
  routes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * A clock whose waits finish at once and are recorded, so retry tests take no time; watchdogs
 * (unref timers, such as a request's timeout) keep real time, or every request would time out.
 * `now` lets a test move time on (token expiry, time windows).
 */
export function instantClock(now: () => number = systemClock.now): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now,
    timer: (ms, onFire, options) => {
      if (options?.unref) return systemClock.timer(ms, onFire, options);
      waits.push(ms);
      const handle = setImmediate(onFire);
      return { refresh: () => undefined, cancel: () => clearImmediate(handle) };
    },
  };
}

const noop = () => undefined;
export const silent = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => silent } as never;

/** A transactional producer on the test broker, as the runtime makes it; `state` is what it read back. */
export async function transactionsOn(topic: string, options: { stateTopic?: string; transactionalId?: string; format?: 'json' | 'quix' } = {}) {
  const config = loadConfig(producerVariables({ topic }), { KAFKA_BROKERS: testBrokers().join(','), output: topic, QUIX_MESSAGE_FORMAT: options.format ?? 'json' });
  const output = await resolveOutput(config, 'rest-poller-test', silent);
  const producer = transactionalProducerFor(
    config,
    output,
    { transactionalId: options.transactionalId ?? `rest-poller-test-${randomUUID()}`, stateTopic: options.stateTopic ?? `${topic}-state` },
    { logger: silent },
  );
  const state = await producer.connect();
  return { producer, state };
}

/** Transactions kept in memory, all or nothing; `refuse` makes the next commits fail as Kafka refusing them. */
export class MemoryTransactionalSink implements TransactionalSink {
  readonly description = 'memory';
  readonly committed: TransactionContent[] = [];
  refuse = 0;

  async connect(): Promise<Map<string, Buffer>> {
    return new Map();
  }

  async commit(content: TransactionContent): Promise<void> {
    if (this.refuse > 0) {
      this.refuse -= 1;
      throw Object.assign(new Error('Message was too large'), { type: 'MESSAGE_TOO_LARGE' });
    }
    this.committed.push(structuredClone(content));
  }

  async recover(): Promise<boolean> {
    return false;
  }

  classify(error: unknown): 'refused' | 'transient' {
    return (error as { type?: string }).type === 'MESSAGE_TOO_LARGE' ? 'refused' : 'transient';
  }

  async disconnect(): Promise<void> {
    return;
  }

  /** The rows committed to `topic`, decoded (json format). */
  rows(): Record<string, unknown>[] {
    return this.committed.flatMap((t) => t.data.flatMap((d) => d.messages.map((m) => parseJsonExact(Buffer.from(m.value).toString()) as Record<string, unknown>)));
  }

  /** The state records committed, last value per key. */
  state(): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const t of this.committed) {
      for (const s of t.state) {
        if (s.value === null) out.delete(s.key);
        else out.set(s.key, Buffer.from(s.value));
      }
    }
    return out;
  }
}

/** The bad-record policy as the runtime wires it, with what it was told. */
export function recordingBadRecords(policy: BadRecordPolicy = 'skip') {
  const reported: BadRecord[] = [];
  const failures: Error[] = [];
  const logger = silent;
  const badRecords = new BadRecords({ policy, source: 'rest-poller', logger, clock: systemClock, maxMessageBytes: 1_000_000, fail: (e) => failures.push(e) });
  const report = badRecords.report.bind(badRecords);
  badRecords.report = (bad: BadRecord) => {
    reported.push(bad);
    report(bad);
  };
  return { badRecords, reported, failures, onRefused: (r: Refusal) => badRecords.refused(r) };
}

/** Every committed message of `topic` with key `streamId`, decoded. */
export async function committedRows(topic: string, streamId: string): Promise<Record<string, unknown>[]> {
  const messages = await readCommitted(testBrokers(), topic);
  return messages.filter((m) => m.key === streamId).map((m) => parseJsonExact(m.value.toString('utf8')) as Record<string, unknown>);
}

export function endpoint(input: Omit<EndpointInput, 'name'> & { name?: string }): Endpoint {
  return endpointSchema.parse({ name: `e-${randomUUID()}`, ...input });
}

export interface PollerHarness {
  poller: EndpointPoller;
  failures: PollFailure[];
  retries: { url: string; status?: number; waitMs: number }[];
  bad: BadRecord[];
  stateLog: StateLog;
  /** The state change of each poll that committed. */
  saved: StateChange[];
}

/**
 * A poller committing through `producer` (its own stream, its own state log), with small retry
 * waits and recorded callbacks; bad records go to a skip policy that records them.
 */
export function pollerFor(
  producer: TransactionalProducer,
  e: Endpoint,
  options: { saved?: EndpointState; clock?: Clock; policy?: BadRecordPolicy; deps?: Partial<PollerDeps> } = {},
): PollerHarness {
  const failures: PollFailure[] = [];
  const retries: PollerHarness['retries'] = [];
  const { badRecords, reported } = recordingBadRecords(options.policy);
  const stateLog = new StateLog(100);
  const stream = producer.stream(e.name, { onRefused: (r) => badRecords.refused(r) });
  const saved: StateChange[] = [];
  const commit = pollCommitter({ endpoint: e.name, transactions: producer, stream, stateLog, badRecords, fail: (err) => failures.push(err as never) });
  const poller = new EndpointPoller(e, options.saved, 100, {
    clock: options.clock ?? systemClock,
    retry: { initialMs: 10, maxMs: 100, jitter: 0 },
    commit: async (poll) => {
      const done = await commit(poll);
      saved.push(poll.change);
      return done;
    },
    reportBad: (bad) => {
      badRecords.report(bad);
      return badRecords.policy !== 'fail';
    },
    onFailure: (f) => failures.push(f),
    onRetry: (r) => retries.push(r),
    ...options.deps,
  });
  return { poller, failures, retries, bad: reported, stateLog, saved };
}

/** A producer committing into memory (unit tests): the runtime's queue and streams, no broker. */
export function memoryProducer(sink = new MemoryTransactionalSink()): { producer: TransactionalProducer; sink: MemoryTransactionalSink } {
  const producer = new TransactionalProducer({ sink, topic: 'rest-data', format: 'json', maxMessageBytes: 1_000_000, maxPendingBytes: 8 << 20, logger: silent, retry: { initialMs: 1, maxMs: 5 } });
  return { producer, sink };
}

export type { TimeseriesRow };
