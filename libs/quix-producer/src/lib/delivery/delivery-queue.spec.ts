import { RecordingSink, message } from '../../test-support/recording-sink.js';
import { silentLogger } from '../logger.js';
import { DeliveryQueue } from './delivery-queue.js';

const noWait = { now: () => 0, sleep: async () => undefined };

function queueFor(sink: RecordingSink, maxPendingBytes = 1_000_000, maxRequestBytes = 1_000_000) {
  return new DeliveryQueue(sink, {
    topic: 't',
    maxPendingBytes,
    maxRequestBytes,
    retry: { initialMs: 1, maxMs: 1 },
    logger: silentLogger,
    timers: noWait,
  });
}

describe('DeliveryQueue', () => {
  it('resolves a publish only after the sink has acknowledged it', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const queue = queueFor(sink);
    let acked = false;
    const publishing = queue.publish([message('a')]).then(() => (acked = true));
    await new Promise((r) => setImmediate(r));
    expect(acked).toBe(false);
    sink.release();
    await publishing;
    expect(sink.values).toEqual(['a']);
  });

  it('sends what was queued during a send together in the next one, in order', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const queue = queueFor(sink);
    const first = queue.publish([message('1')]);
    await new Promise((r) => setImmediate(r));
    const rest = ['2', '3', '4'].map((v) => queue.publish([message(v)]));
    sink.release();
    await Promise.all([first, ...rest]);
    expect(sink.sends.map((s) => s.messages.map((m) => m.value.toString()))).toEqual([['1'], ['2', '3', '4']]);
  });

  it('lets the oldest message linger so that what follows within lingerMs shares its send; a full request goes at once', async () => {
    let now = 0;
    const sleeps: number[] = [];
    let wake: () => void = () => undefined;
    const timers = { now: () => now, sleep: (ms: number) => (sleeps.push(ms), new Promise<void>((r) => (wake = r))) };
    const sink = new RecordingSink();
    const queue = new DeliveryQueue(sink, { topic: 't', maxPendingBytes: 1e6, maxRequestBytes: 300, retry: { initialMs: 1, maxMs: 1 }, lingerMs: 5, logger: silentLogger, timers });
    const first = queue.publish([message('1')]);
    now = 2;
    const second = queue.publish([message('2')]);
    await new Promise((r) => setImmediate(r));
    expect(sleeps).toEqual([5]);
    expect(sink.sends).toHaveLength(0);
    now = 5;
    wake();
    await Promise.all([first, second]);
    expect(sink.sends.map((s) => s.messages.map((m) => m.value.toString()))).toEqual([['1', '2']]);
    // 306 bytes pending (value and key) reach the 300-byte request limit: no lingering.
    await queue.publish([message('x'.repeat(300))]);
    expect(sleeps).toEqual([5]);
  });

  it('retries a retriable failure in order before sending anything later', async () => {
    const sink = new RecordingSink();
    sink.failures = [Object.assign(new Error('leader not available'), { retriable: true })];
    const queue = queueFor(sink);
    await Promise.all([queue.publish([message('a')]), queue.publish([message('b')])]);
    expect(sink.values).toEqual(['a', 'b']);
  });

  it('tells the publisher when a failure cannot be cured by retrying', async () => {
    const sink = new RecordingSink();
    sink.failures = [Object.assign(new Error('message too large'), { retriable: false })];
    const queue = queueFor(sink);
    await expect(queue.publish([message('big')])).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
    await queue.publish([message('next')]);
    expect(sink.values).toEqual(['next']);
  });

  it('makes publishers wait while too many bytes are pending (back-pressure)', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const queue = queueFor(sink, 20);
    const first = await queue.enqueue([message('x'.repeat(15))]);
    let secondQueued = false;
    const second = queue.enqueue([message('y'.repeat(15))]).then((d) => ((secondQueued = true), d));
    await new Promise((r) => setImmediate(r));
    expect(secondQueued).toBe(false);
    expect(queue.depth.bytes).toBe(15 + 'stream'.length);
    sink.release();
    await first.acked;
    await (await second).acked;
    expect(sink.values).toHaveLength(2);
  });

  it('refuses new messages once closed, and abort fails what is still queued', async () => {
    const sink = new RecordingSink();
    sink.hold = true;
    const queue = queueFor(sink);
    const pending = queue.publish([message('a')], 3);
    queue.close();
    await expect(queue.publish([message('b')])).rejects.toMatchObject({ code: 'PRODUCER_CLOSED' });
    expect(queue.abort('deadline')).toBe(3);
    await expect(pending).rejects.toMatchObject({ code: 'SHUTDOWN_TIMEOUT' });
  });

  it('never lets one produce call exceed the request limit: an entry may span several calls', async () => {
    const sink = new RecordingSink();
    // Each message costs its bytes plus framing: about 60 + 40 here, so two fit in 350, not three.
    const queue = queueFor(sink, 1_000_000, 350);
    const big = Array.from({ length: 5 }, (_, i) => message(`${i}`.repeat(54)));
    let acked = false;
    const first = queue.publish(big).then(() => (acked = true));
    const second = queue.publish([message('tail')]);
    await Promise.all([first, second]);
    expect(acked).toBe(true);
    expect(sink.sends.map((s) => s.messages.length)).toEqual([2, 2, 2]);
    expect(sink.values).toEqual([...big.map((m) => m.value.toString()), 'tail']);
  });

  it('resolves an entry spanning several calls only when its last part is acknowledged', async () => {
    const sink = new RecordingSink();
    sink.failures = [undefined, Object.assign(new Error('refused'), { retriable: false })];
    const queue = queueFor(sink, 1_000_000, 250);
    await expect(queue.publish([message('a'.repeat(60)), message('b'.repeat(60)), message('c'.repeat(60))])).rejects.toMatchObject({
      code: 'DELIVERY_FAILED',
    });
    expect(sink.sends).toHaveLength(1); // the first part went; the entry as a whole failed
  });
});
