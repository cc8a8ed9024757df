/** A timer that can be pushed back (the stall watchdog) or cancelled. */
export interface Timer {
  /** Starts the countdown again from now. */
  refresh(): void;
  cancel(): void;
}

/**
 * All the timing twitter-source does (backoff waits, the stall watchdog, rate-limit waits), in
 * one injectable place: production uses `systemClock`, tests a fake that records every wait.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  timer(ms: number, onFire: () => void): Timer;
}

export const systemClock: Clock = {
  // Epoch ms with sub-millisecond precision (receipt-to-ack latency is often under 1 ms).
  now: () => performance.timeOrigin + performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(handle);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const handle = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
  },
  timer(ms, onFire) {
    const handle = setTimeout(onFire, ms);
    handle.unref();
    return { refresh: () => void handle.refresh(), cancel: () => clearTimeout(handle) };
  },
};
