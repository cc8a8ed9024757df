import type { EventRecord } from '@quix-connectors/message-schema';
import type { OutputStream } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';

export type StoreOutcome = 'stored' | 'unavailable';

export interface StoreOptions {
  stream: Pick<OutputStream, 'publishEvents'>;
  isReady(): boolean;
  timeoutMs: number;
  logger: Logger;
  /** How often waiting requests look at readiness. */
  readinessPollMs?: number;
}

/**
 * Publishes one event and says whether Kafka acknowledged it. Gives up (unavailable) when the
 * producer is not ready, when it stops being ready while waiting, or after `timeoutMs` (which also
 * bounds waiting for room under back-pressure). A give-up is not a cancel: the event may still be
 * acknowledged later, which makes a duplicate once the sender retries, never a loss.
 */
export function eventStore(options: StoreOptions): (event: EventRecord) => Promise<StoreOutcome> {
  const watch = readinessWatch(options.isReady, options.readinessPollMs ?? 100);
  return async (event) => {
    if (!options.isReady()) return 'unavailable';
    let timer: NodeJS.Timeout | undefined;
    const lost = watch.lost();
    const published = options.stream.publishEvents([event]).then(
      () => 'stored' as const,
      (err: unknown) => {
        options.logger.warn({ err }, 'a webhook could not be stored');
        return 'unavailable' as const;
      },
    );
    const timeout = new Promise<'unavailable'>((resolve) => (timer = setTimeout(() => resolve('unavailable'), options.timeoutMs)));
    try {
      return await Promise.race([published, timeout, lost.promise]);
    } finally {
      clearTimeout(timer);
      lost.cancel();
    }
  };
}

interface Waiter {
  promise: Promise<'unavailable'>;
  cancel(): void;
}

/** One shared poll of readiness while any request waits, instead of a timer per request. */
function readinessWatch(isReady: () => boolean, pollMs: number): { lost(): Waiter } {
  const waiters = new Set<(outcome: 'unavailable') => void>();
  let timer: NodeJS.Timeout | undefined;
  const tick = (): void => {
    if (isReady()) return;
    for (const wake of waiters) wake('unavailable');
    waiters.clear();
    stop();
  };
  const stop = (): void => {
    clearInterval(timer);
    timer = undefined;
  };
  return {
    lost() {
      let wake: (outcome: 'unavailable') => void = () => undefined;
      const promise = new Promise<'unavailable'>((resolve) => (wake = resolve));
      waiters.add(wake);
      if (timer === undefined) {
        timer = setInterval(tick, pollMs);
        timer.unref();
      }
      return {
        promise,
        cancel() {
          waiters.delete(wake);
          if (waiters.size === 0) stop();
        },
      };
    },
  };
}
