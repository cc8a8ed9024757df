import type { EventRecord } from '@quix-connectors/message-schema';
import { RecordRefusedError, ShutdownTimeoutError, type OutputStream } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import type { Clock } from '@quix-connectors/timing';

/**
 * `stored`: Kafka acknowledged it. `unavailable`: not stored and never will be from this request
 * (answer 503; the sender retries). `unknown`: shutdown gave up while Kafka had it; the broker may
 * have written it (answer 504: never "not stored"). `too-large` / `invalid`: it can never be stored.
 */
export type StoreOutcome = 'stored' | 'unavailable' | 'unknown' | { refused: 'too-large' | 'invalid'; message: string };

export interface StoreOptions {
  stream: Pick<OutputStream, 'tryPublishEvents'>;
  /** Deliveries are succeeding and there is room: else the answer is 503 at once. */
  isReady(): boolean;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/**
 * Publishes one event and says whether Kafka acknowledged it. When the producer cannot take it
 * now (not ready, no room) the answer is `unavailable` at once, and nothing is queued. After
 * `timeoutMs` without an acknowledgement, an event that has not gone out yet is withdrawn: it
 * is answered `unavailable` and will never appear later. One already handed to Kafka cannot be
 * withdrawn, and the broker may have written it before its answer was lost: so it is answered
 * by Kafka's own outcome, however long that takes (the sender may give up first, which tells it
 * nothing either way; a 503 would tell it "not stored", and its retry would be a second copy).
 */
export function eventStore(options: StoreOptions): (event: EventRecord) => Promise<StoreOutcome> {
  const now = (outcome: StoreOutcome) => Promise.resolve(outcome);
  return (event) => {
    if (!options.isReady()) return now('unavailable');
    let delivery;
    try {
      delivery = options.stream.tryPublishEvents([event]);
    } catch (error) {
      return now(refusal(error) ?? 'unavailable');
    }
    if (!delivery) return now('unavailable');
    const sent = delivery;
    const final = sent.acked.then(
      () => 'stored' as const,
      (error: unknown) => refusal(error) ?? (error instanceof ShutdownTimeoutError && error.maybeWritten ? ('unknown' as const) : ('unavailable' as const)),
    );
    return (async (): Promise<StoreOutcome> => {
      let timer: { cancel(): void } | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = options.clock.timer(options.timeoutMs, () => resolve('timeout'))));
      const first = await Promise.race([final, timedOut]);
      timer?.cancel();
      if (first !== 'timeout') return first;
      if (sent.cancel()) return 'unavailable';
      options.logger.debug({}, 'a webhook past PUBLISH_TIMEOUT_MS was already with Kafka: it waits for Kafka\'s answer');
      return final;
    })();
  };
}

function refusal(error: unknown): StoreOutcome | undefined {
  if (!(error instanceof RecordRefusedError)) return undefined;
  return { refused: error.reason === 'MESSAGE_TOO_LARGE' ? 'too-large' : 'invalid', message: error.message };
}
