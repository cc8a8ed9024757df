import { ackedOrWithdrawn } from './acked-or-withdrawn.js';
import type { Delivery } from './delivery-queue.js';

/** A delivery the test settles by hand; `sent` says whether cancel() can still withdraw it. */
function delivery(sent: boolean) {
  let settle!: { resolve(): void; reject(error: Error): void };
  const acked = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const d: Delivery = { acked, cancel: () => !sent };
  return { d, settle };
}

/** A timer the test fires by hand. */
function manualTimer() {
  let fire: () => void = () => undefined;
  let cancelled = false;
  return { start: (onFire: () => void) => ((fire = onFire), { cancel: () => void (cancelled = true) }), fire: () => fire(), cancelled: () => cancelled };
}

describe('ackedOrWithdrawn', () => {
  it("is 'acked' when Kafka answers first, and cancels its timer", async () => {
    const { d, settle } = delivery(false);
    const timer = manualTimer();
    const outcome = ackedOrWithdrawn(d, timer.start);
    settle.resolve();
    await expect(outcome).resolves.toBe('acked');
    expect(timer.cancelled()).toBe(true);
  });

  it("is 'withdrawn' when the timer fires before the delivery was sent", async () => {
    const { d } = delivery(false);
    const timer = manualTimer();
    const outcome = ackedOrWithdrawn(d, timer.start);
    timer.fire();
    await expect(outcome).resolves.toBe('withdrawn');
  });

  it("waits for Kafka's answer when the timer fires after the delivery was sent, and rejects with its error", async () => {
    const sentThenAcked = delivery(true);
    const t1 = manualTimer();
    const acked = ackedOrWithdrawn(sentThenAcked.d, t1.start);
    t1.fire();
    sentThenAcked.settle.resolve();
    await expect(acked).resolves.toBe('acked');

    const sentThenFailed = delivery(true);
    const t2 = manualTimer();
    const failed = ackedOrWithdrawn(sentThenFailed.d, t2.start);
    t2.fire();
    sentThenFailed.settle.reject(new Error('shutdown gave up'));
    await expect(failed).rejects.toThrow('shutdown gave up');
  });
});
