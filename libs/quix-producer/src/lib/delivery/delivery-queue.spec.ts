import { FakeClock } from '@quix-connectors/timing/testing';
import { failure, message, RecordingSink } from '../../test-support/recording-sink.js';
import { silentLogger } from '../logger.js';
import { DeliveryQueue, type DeliveryQueueOptions } from './delivery-queue.js';
import { MemoryBudget } from './memory-budget.js';

const tick = () => new Promise((r) => setImmediate(r));

function queueFor(sink: RecordingSink, options: Partial<DeliveryQueueOptions> & { maxPendingBytes?: number } = {}) {
  const fatal: Error[] = [];
  const clock = (options.clock as FakeClock | undefined) ?? new FakeClock();
  const queue = new DeliveryQueue(sink, {
    budget: new MemoryBudget(options.maxPendingBytes ?? 1_000_000),
    maxRequestBytes: 1_000_000,
    lingerMs: 0,
    retry: { initialMs: 100, maxMs: 1000, jitter: 0 },
    stallMs: 3000,
    clock,
    logger: silentLogger,
    onFatal: (e) => fatal.push(e),
    ...options,
  });
  const publish = async (topic: string, values: string[], key = 'stream') => (await queue.enqueue(topic, key, values.map((v) => message(v, key)))).acked;
  return { queue, clock, fatal, publish };
}

describe('DeliveryQueue', () => {
  it('resolves a publish only after the sink has acknowledged it', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { publish } = queueFor(sink);
    let acked = false;
    const publishing = publish('t', ['a']).then(() => (acked = true));
    await tick();
    expect(acked).toBe(false);
    sink.release();
    await publishing;
    expect(sink.values).toEqual(['a']);
  });

  it('sends what was queued during a send together in the next one, in order', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { publish } = queueFor(sink);
    const first = publish('t', ['1']);
    await tick();
    const rest = ['2', '3', '4'].map((v) => publish('t', [v]));
    sink.release();
    await Promise.all([first, ...rest]);
    expect(sink.sends.map((s) => s.messages.map((m) => m.value.toString()))).toEqual([['1'], ['2', '3', '4']]);
  });

  it('lets the oldest message linger so that what follows within lingerMs shares its send', async () => {
    const sink = new RecordingSink();
    const { publish, clock } = queueFor(sink, { lingerMs: 5 });
    const first = publish('t', ['1']);
    await clock.advance(2);
    const second = publish('t', ['2']);
    await clock.advance(2);
    expect(sink.sends).toHaveLength(0);
    await clock.advance(1);
    await Promise.all([first, second]);
    expect(sink.sends.map((s) => s.messages.map((m) => m.value.toString()))).toEqual([['1', '2']]);
  });

  it('rides out a broker that is down for minutes: retries with backoff, nothing lost, not ready meanwhile', async () => {
    const sink = new RecordingSink();
    sink.failWith = failure('transient', 'KafkaJSConnectionError');
    const { queue, publish, clock } = queueFor(sink);
    let done = false;
    const publishing = Promise.all([publish('t', ['a']), publish('t', ['b'])]).then(() => (done = true));
    await clock.advance(300_000);
    expect(done).toBe(false);
    expect(queue.health()).toEqual({ ready: false, reasons: ['delivery-failing: KafkaJSConnectionError'] });
    expect(sink.attempts).toBeGreaterThan(250); // every second at most, once the backoff reached its cap
    sink.failWith = undefined;
    await clock.advance(1000);
    await publishing;
    expect(sink.values).toEqual(['a', 'b']);
    expect(queue.health()).toEqual({ ready: true, reasons: [] });
  });

  it('says a send in flight longer than stallMs is stalled', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { queue, publish, clock } = queueFor(sink);
    const pending = publish('t', ['a']);
    await clock.advance(2999);
    expect(queue.health().ready).toBe(true);
    await clock.advance(1);
    expect(queue.health()).toEqual({ ready: false, reasons: ['delivery-stalled'] });
    sink.release();
    await pending;
    expect(queue.health().ready).toBe(true);
  });

  it('isolates a record the broker refuses by halving the send, and delivers the others', async () => {
    const sink = new RecordingSink();
    sink.refuseValues.add('bad');
    const { publish } = queueFor(sink);
    const good = publish('t', ['1', '2']);
    const mixed = publish('t', ['3', 'bad', '4']);
    await good;
    await expect(mixed).rejects.toMatchObject({ code: 'RECORD_REFUSED', reason: 'MESSAGE_TOO_LARGE', messageIndexes: [1] });
    expect(sink.values).toEqual(['1', '2', '3', '4']);
    await publish('t', ['next']);
    expect(sink.values.at(-1)).toBe('next');
  });

  it('fails everything and stops the connector on a fatal error (authorization)', async () => {
    const sink = new RecordingSink();
    sink.failures = [failure('fatal', 'TOPIC_AUTHORIZATION_FAILED')];
    const { queue, publish, fatal } = queueFor(sink);
    await expect(publish('t', ['a'])).rejects.toMatchObject({ code: 'DELIVERY_FATAL' });
    expect(fatal).toHaveLength(1);
    await expect(publish('t', ['b'])).rejects.toMatchObject({ code: 'DELIVERY_FATAL' });
    expect(queue.health().ready).toBe(false);
  });

  it('sends each partition on its own, so one partition whose leader is down does not hold back another', async () => {
    const sink = new RecordingSink();
    sink.partitions = (key) => (key === 'a' ? 0 : 1);
    const original = sink.send.bind(sink);
    let partitionZeroDown = true;
    sink.send = async (topic, messages) => {
      if (partitionZeroDown && messages[0].partition === 0) throw failure('transient', 'NOT_LEADER_OR_FOLLOWER');
      return original(topic, messages);
    };
    const { publish, clock } = queueFor(sink);
    const blocked = publish('t', ['a1'], 'a');
    await publish('t', ['b1', 'b2'], 'b');
    expect(sink.sends.map((s) => [s.messages[0].partition, s.messages.map((m) => m.value.toString())])).toEqual([[1, ['b1', 'b2']]]);
    partitionZeroDown = false;
    await clock.advance(1000);
    await blocked;
    expect(sink.values).toEqual(['b1', 'b2', 'a1']);
  });

  it('waits for room when the budget is full; tryEnqueue says no at once', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { queue } = queueFor(sink, { maxPendingBytes: 40 });
    const first = await queue.enqueue('t', 'stream', [message('x'.repeat(20))]);
    expect(queue.tryEnqueue('t', 'stream', [message('y'.repeat(20))])).toBeUndefined();
    expect(queue.health().reasons).toContain('queue-full');
    let secondQueued = false;
    const second = queue.enqueue('t', 'stream', [message('y'.repeat(20))]).then((d) => ((secondQueued = true), d));
    await tick();
    expect(secondQueued).toBe(false);
    sink.release();
    await first.acked;
    await (await second).acked;
    expect(sink.values).toHaveLength(2);
  });

  it('cancels an entry that has not gone out; too late once it has', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { queue } = queueFor(sink);
    const sent = await queue.enqueue('t', 'stream', [message('a')]);
    await tick();
    const waiting = await queue.enqueue('t', 'stream', [message('b')]);
    expect(sent.cancel()).toBe(false);
    expect(waiting.cancel()).toBe(true);
    await expect(waiting.acked).rejects.toMatchObject({ code: 'CANCELLED' });
    sink.release();
    await sent.acked;
    await queue.drain();
    expect(sink.values).toEqual(['a']);
  });

  it('refuses new messages once closed; abandon fails what is left, says how much of it the source resends, and which part may have been written', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const { queue } = queueFor(sink);
    const lost = await queue.enqueue('t', 'stream', [message('a'), message('b')], { items: [3, 4] });
    const resent = await queue.enqueue('t', 'stream', [message('c')], { replayable: true });
    queue.close();
    await expect(queue.enqueue('t', 'stream', [message('d')])).rejects.toMatchObject({ code: 'PRODUCER_CLOSED' });
    expect(queue.abandon('deadline')).toEqual({ items: 8, replayableItems: 1 });
    // `lost` was sent (held by the sink, as a broker that died before answering): it may be in the topic
    await expect(lost.acked).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT', maybeWritten: true });
    await expect(resent.acked).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT', maybeWritten: false });
  });

  it('never lets one produce call exceed the request limit: an entry may span several calls', async () => {
    const sink = new RecordingSink();
    const { publish } = queueFor(sink, { maxRequestBytes: 350 });
    const big = Array.from({ length: 5 }, (_, i) => `${i}`.repeat(54));
    await Promise.all([publish('t', big), publish('t', ['tail'])]);
    expect(sink.sends.map((s) => s.messages.length)).toEqual([2, 2, 2]);
    expect(sink.values).toEqual([...big, 'tail']);
  });
});
