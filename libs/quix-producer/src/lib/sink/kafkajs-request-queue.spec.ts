import { createRequire } from 'node:module';

// kafkajs's per-connection request queue, patched (patches/kafkajs+2.2.4.patch) so that an idle
// connection arms no timer. Jest's fake timers and clock drive it here; kafkajs-idle.int.spec.ts
// counts the wake-ups on a real broker connection.

type Entry = { correlationId: number; apiName: string; apiKey: number; apiVersion: number; resolve: (r: unknown) => void; reject: (e: Error) => void };
interface RequestQueue {
  push(request: { entry: Entry; expectResponse: boolean; sendRequest: () => void; requestTimeout?: number }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  maybeThrottle(clientSideThrottleTime: number | null): void;
  scheduleRequestTimeoutCheck(): void;
  destroy(): void;
}
type RequestQueueClass = new (options: {
  maxInFlightRequests: number | null;
  requestTimeout: number;
  enforceRequestTimeout: boolean;
  clientId: string;
  broker: string;
  logger: Record<'debug' | 'info' | 'warn' | 'error', () => void>;
  isConnected?: () => boolean;
}) => RequestQueue;

const require = createRequire(__filename);
const RequestQueueClass = require('kafkajs/src/network/requestQueue/index.js') as RequestQueueClass;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A queue as a connected kafkajs Connection holds it, and a way to push requests that records what happens. */
function connectedQueue(options: { maxInFlightRequests?: number; requestTimeout?: number } = {}) {
  const queue = new RequestQueueClass({
    maxInFlightRequests: options.maxInFlightRequests ?? null,
    requestTimeout: options.requestTimeout ?? 30_000,
    enforceRequestTimeout: true,
    clientId: 'spec',
    broker: 'broker:9092',
    logger: quiet,
  });
  queue.scheduleRequestTimeoutCheck(); // what Connection does once its socket connects
  let nextId = 1;
  const push = () => {
    const request = { correlationId: nextId++, sent: false, outcome: 'none' as 'none' | 'answered' | Error };
    queue.push({
      entry: {
        correlationId: request.correlationId,
        apiName: 'Produce',
        apiKey: 0,
        apiVersion: 7,
        resolve: () => (request.outcome = 'answered'),
        reject: (error) => (request.outcome = error),
      },
      expectResponse: true,
      sendRequest: () => (request.sent = true),
    });
    return request;
  };
  const answer = (request: { correlationId: number }) => queue.fulfillRequest({ correlationId: request.correlationId, payload: Buffer.alloc(0), size: 0 });
  return { queue, push, answer };
}

describe("kafkajs's request queue timing (patched: an idle connection arms no timer)", () => {
  let delays: number[];
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    delays = [];
    const fakeSetTimeout = globalThis.setTimeout;
    jest.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      delays.push(ms ?? 0);
      return fakeSetTimeout(callback, ms);
    }) as typeof setTimeout);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  it.each([
    ['right after it connects', () => undefined],
    ['after a request was answered', ({ push, answer }: ReturnType<typeof connectedQueue>) => answer(push())],
    ['after a client-side throttle with nothing queued', ({ queue }: ReturnType<typeof connectedQueue>) => queue.maybeThrottle(500)],
  ])('schedules nothing %s, and nothing fires for a minute', (_when, act) => {
    const connection = connectedQueue();
    act(connection);
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(60_000);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held by a client-side throttle when the throttle ends, not before', () => {
    const { queue, push, answer } = connectedQueue();
    const first = push();
    answer(first);
    queue.maybeThrottle(500);
    const held = push();
    jest.advanceTimersByTime(499);
    expect(held.sent).toBe(false);
    jest.advanceTimersByTime(1);
    expect(held.sent).toBe(true);
    answer(held);
    expect(held.outcome).toBe('answered');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('sends a request held by the in-flight limit as soon as the request in flight is answered', () => {
    const { push, answer } = connectedQueue({ maxInFlightRequests: 1 });
    const first = push();
    const second = push();
    expect([first.sent, second.sent]).toEqual([true, false]);
    answer(first);
    expect(second.sent).toBe(true);
    answer(second);
    expect(jest.getTimerCount()).toBe(0);
  });

  it.each([
    ['right after connecting', 0],
    ['after a long idle spell', 600_000],
  ])('times out a request that gets no answer %s (checked every 100 ms), then is idle again', (_when, idleMs) => {
    const { push } = connectedQueue({ requestTimeout: 1000 });
    jest.advanceTimersByTime(idleMs);
    const request = push();
    jest.advanceTimersByTime(1000);
    expect(request.outcome).toBe('none');
    jest.advanceTimersByTime(100);
    expect(request.outcome).toEqual(expect.objectContaining({ name: 'KafkaJSRequestTimeoutError' }));
    expect(jest.getTimerCount()).toBe(0);
  });

  it('still times out the requests that got no answer while others were answered', () => {
    const { push, answer } = connectedQueue({ requestTimeout: 1000 });
    const lost = push();
    jest.advanceTimersByTime(500);
    const answered = push();
    answer(answered);
    jest.advanceTimersByTime(600);
    expect([lost.outcome, answered.outcome]).toEqual([expect.objectContaining({ name: 'KafkaJSRequestTimeoutError' }), 'answered']);
  });

  it('never gives a timer a negative delay (Node 24 warns: TimeoutNegativeWarning)', () => {
    const { queue, push, answer } = connectedQueue({ maxInFlightRequests: 1, requestTimeout: 1000 });
    const first = push();
    const second = push();
    answer(first);
    queue.maybeThrottle(300);
    const third = push();
    answer(second);
    jest.advanceTimersByTime(2000);
    expect(third.sent).toBe(true);
    expect(delays.filter((ms) => ms < 0)).toEqual([]);
  });
});
