import type { EventRecord } from '@quix-connectors/message-schema';
import { ackedOrWithdrawn, RecordRefusedError, ShutdownTimeoutError, type OutputStream } from '@quix-connectors/quix-producer';
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
    return ackedOrWithdrawn(delivery, (onFire) => options.clock.timer(options.timeoutMs, onFire)).then(
      (outcome) => (outcome === 'acked' ? 'stored' : 'unavailable'),
      (error: unknown) => refusal(error) ?? (error instanceof ShutdownTimeoutError && error.maybeWritten ? 'unknown' : 'unavailable'),
    );
  };
}

function refusal(error: unknown): StoreOutcome | undefined {
  if (!(error instanceof RecordRefusedError)) return undefined;
  return { refused: error.reason === 'MESSAGE_TOO_LARGE' ? 'too-large' : 'invalid', message: error.message };
}
