import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createTestTopic, readBack, testBrokers } from '@quix-connectors/testing';

// An idle broker connection must cost nothing: kafkajs 2.2.4 re-armed a 1 ms timer forever on
// every connection with nothing to send (about 1,700 wake-ups a second; kafkajs issues #1556 and
// #1704), fixed in patches/kafkajs+2.2.4.patch. This counts the timers that kafkajs's own code
// arms and the times they fire, on a producer connected to a real broker and left idle.

const idleMs = 3000;

/** Wraps the global setTimeout and setInterval, which kafkajs looks up at each call. */
function watchKafkajsTimers() {
  const real = { setTimeout: globalThis.setTimeout, setInterval: globalThis.setInterval };
  const seen = { armed: 0, fired: 0, negativeDelays: 0 };
  const armedByKafkajs = () => /[/\\]node_modules[/\\]kafkajs[/\\]/.test(new Error().stack ?? '');
  const wrap = (arm: typeof setTimeout | typeof setInterval) =>
    ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      if (!armedByKafkajs()) return arm(callback, ms, ...args);
      seen.armed += 1;
      if (typeof ms === 'number' && ms < 0) seen.negativeDelays += 1;
      return arm((...callArgs: unknown[]) => {
        seen.fired += 1;
        callback(...callArgs);
      }, ms, ...args);
    }) as typeof arm;
  globalThis.setTimeout = wrap(real.setTimeout) as typeof setTimeout;
  globalThis.setInterval = wrap(real.setInterval) as typeof setInterval;
  return {
    /** What kafkajs's timers did while `during` ran. */
    async count(during: () => Promise<void>) {
      const before = { ...seen };
      await during();
      return { armed: seen.armed - before.armed, fired: seen.fired - before.fired, negativeDelays: seen.negativeDelays - before.negativeDelays };
    },
    restore() {
      Object.assign(globalThis, real);
    },
  };
}

describe('an idle kafkajs producer connection (patched request queue)', () => {
  let timers: ReturnType<typeof watchKafkajsTimers>;
  let producer: Producer;
  beforeAll(() => (timers = watchKafkajsTimers()));
  afterAll(async () => {
    await producer?.disconnect();
    timers.restore();
  });

  it(`arms and wakes no timer in ${idleMs / 1000} s of idleness, gives none a negative delay, and still delivers afterwards`, async () => {
    const brokers = testBrokers();
    const topic = await createTestTopic(brokers, { prefix: 'idle' });
    // The settings KafkaSink uses: an idempotent producer, one request in flight.
    const kafka = new Kafka({ clientId: 'idle-spec', brokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });

    const busy = await timers.count(async () => {
      await producer.connect();
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before the idle spell' }] });
    });
    const idle = await timers.count(() => new Promise((resolve) => setTimeout(resolve, idleMs)));
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'after the idle spell' }] });

    // Connecting and sending did use kafkajs's timers, so the wrapper sees them.
    expect(busy.armed).toBeGreaterThan(0);
    expect(idle).toEqual({ armed: 0, fired: 0, negativeDelays: 0 });
    expect(busy.negativeDelays).toBe(0);
    const read = await readBack(brokers, topic, { count: 2, timeoutMs: 30_000 });
    expect(read.map((m) => m.value.toString())).toEqual(['before the idle spell', 'after the idle spell']);
  });
});
