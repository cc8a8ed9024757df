import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { KafkaClient, QuixProducer, StateTopic } from '@quix-connectors/quix-producer';
import { kafkaSinkFor } from '@quix-connectors/quix-producer/testing';
import { readAll, testBrokers } from '@quix-connectors/testing';
import type { Clock } from '@quix-connectors/timing';
import { endpointSchema, type Endpoint, type EndpointInput } from '../app/endpoint-config.js';
import { EndpointPoller, type PollerDeps } from '../app/endpoint-poller.js';
import type { EndpointState, StateChange } from '../app/endpoint-state.js';
import { KafkaStateStore } from '../app/kafka-state-store.js';
import type { PollFailure } from '../app/poll-errors.js';

/** A local REST stand-in on 127.0.0.1 and a free port; routes are added by the test. */
export async function startStandIn(routes: (app: FastifyInstance) => void): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ forceCloseConnections: true });
  routes(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** A clock whose waits finish at once and are recorded, so retry tests take no time. */
export function instantClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.now(),
    timer: (ms, onFire) => {
      waits.push(ms);
      const handle = setImmediate(onFire);
      return { refresh: () => undefined, cancel: () => clearImmediate(handle) };
    },
  };
}

export async function connectedProducer(topic: string): Promise<QuixProducer> {
  const producer = new QuixProducer({
    sink: kafkaSinkFor(testBrokers(), { clientId: 'rest-poller-test', createTopics: false, connectTimeoutMs: 30_000 }),
    topic,
    format: 'json',
    maxMessageBytes: 1_000_000,
    maxPendingBytes: 8 * 1024 * 1024,
    buffer: { timeSpanMs: 10, maxRows: 100 },
  });
  await producer.connect();
  return producer;
}

/** The state store over a state topic on the test broker (created compacted when missing). */
export function testStateStore(topic: string, options: { maxIds?: number; lingerMs?: number } = {}): KafkaStateStore {
  const client = new KafkaClient({ clientId: 'rest-poller-test', logger: silent, brokers: testBrokers() });
  const stateTopic = new StateTopic(client, { topic, createTopic: true, groupIdPrefix: '', writerId: 'rest-poller-test', readTimeoutMs: 30_000, logger: silent });
  return new KafkaStateStore(stateTopic, { maxIds: options.maxIds ?? 100, lingerMs: options.lingerMs });
}

/** The rows of one stream in the topic, decoded. */
export async function readRows(topic: string, streamId: string): Promise<Record<string, unknown>[]> {
  const messages = await readAll(testBrokers(), topic, { idleMs: 20_000 });
  return messages.filter((m) => m.key === streamId).map((m) => JSON.parse(m.value.toString('utf8')) as Record<string, unknown>);
}

export function endpoint(input: Omit<EndpointInput, 'name'> & { name?: string }): Endpoint {
  return endpointSchema.parse({ name: `e-${randomUUID()}`, ...input });
}

export interface PollerHarness {
  poller: EndpointPoller;
  failures: PollFailure[];
  retries: { url: string; status?: number; waitMs: number }[];
  saved: StateChange[];
  clock: Clock & { waits: number[] };
}

/** A poller on its own stream of `producer`, with an instant clock and recorded callbacks. */
export async function pollerFor(
  producer: QuixProducer,
  e: Endpoint,
  options: { saved?: EndpointState; save?: (change: StateChange) => Promise<void>; deps?: Partial<PollerDeps> } = {},
): Promise<PollerHarness> {
  const clock = instantClock();
  const failures: PollFailure[] = [];
  const retries: PollerHarness['retries'] = [];
  const saved: StateChange[] = [];
  const stream = await producer.createStream(e.name);
  const poller = new EndpointPoller(e, options.saved, 100, {
    stream,
    clock,
    retry: { initialMs: 10, maxMs: 100, random: () => 1 },
    saveState: async (change) => {
      saved.push(change);
      await options.save?.(change);
    },
    onFailure: (f) => failures.push(f),
    onRetry: (r) => retries.push(r),
    ...options.deps,
  });
  return { poller, failures, retries, saved, clock };
}

const noop = () => undefined;
export const silent = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, fatal: noop, child: () => silent } as never;
