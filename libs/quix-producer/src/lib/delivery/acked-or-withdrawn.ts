import type { Delivery } from './delivery-queue.js';

/**
 * Waits for Kafka's answer to a delivery whose source answers a caller (a webhook, a Writer API
 * write). When `startTimer` fires first, a delivery not sent yet is withdrawn: 'withdrawn', it
 * will never appear later, so the caller may send it again. One already sent is waited for, since
 * the broker may have written it: answering "not stored" would make the caller's retry a copy.
 * Resolves 'acked', or rejects with the delivery's own error.
 */
export async function ackedOrWithdrawn(delivery: Delivery, startTimer: (onFire: () => void) => { cancel(): void }): Promise<'acked' | 'withdrawn'> {
  let timer: { cancel(): void } | undefined;
  const late = new Promise<'late'>((resolve) => (timer = startTimer(() => resolve('late'))));
  try {
    const first = await Promise.race([delivery.acked.then(() => 'acked' as const), late]);
    if (first === 'late' && delivery.cancel()) {
      delivery.acked.catch(() => undefined); // it rejects as cancelled: answered 'withdrawn'
      return 'withdrawn';
    }
    await delivery.acked;
    return 'acked';
  } finally {
    timer?.cancel();
  }
}
