import type { EventRecord } from '@quix-connectors/message-schema';
import { RecordRefusedError, type OutputStream } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import type { Clock } from '@quix-connectors/timing';

/**
 * `stored`: Kafka acknowledged it. `unavailable`: not stored and never will be from this request
 * (answer 503; the sender retries). `too-large` / `invalid`: the event can never be stored.
 */
export type StoreOutcome = 'stored' | 'unavailable' | { refused: 'too-large' | 'invalid'; message: string };

export interface StoreOptions {
  stream: Pick<OutputStream, 'tryPublishEvents'>;
  /** Deliveries are succeeding and there is room: else the answer is 503 at once. */
  isReady(): boolean;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/** What the request answers now, and what became of the event in the end. */
export interface Stored {
  answer: Promise<StoreOutcome>;
  /** Differs from `answer` only for an event already with Kafka when the request timed out. */
  final: Promise<StoreOutcome>;
}

/**
 * Publishes one event and says whether Kafka acknowledged it. When the producer cannot take it
 * now (not ready, no room) the answer is `unavailable` at once, and nothing is queued. After
 * `timeoutMs` without an acknowledgement, an event that has not gone out yet is withdrawn: it
 * is answered `unavailable` and will never appear later. One already handed to Kafka cannot be
 * withdrawn: it is answered `unavailable` too, and `final` says what Kafka made of it, so that a
 * redelivery with the same id is known to be a duplicate once the first landed.
 */
export function eventStore(options: StoreOptions): (event: EventRecord) => Stored {
  const now = (outcome: StoreOutcome): Stored => ({ answer: Promise.resolve(outcome), final: Promise.resolve(outcome) });
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
      (error: unknown) => refusal(error) ?? ('unavailable' as const),
    );
    const answer = (async (): Promise<StoreOutcome> => {
      let timer: { cancel(): void } | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = options.clock.timer(options.timeoutMs, () => resolve('timeout'))));
      const first = await Promise.race([final, timedOut]);
      timer?.cancel();
      if (first !== 'timeout') return first;
      if (!sent.cancel()) options.logger.debug({}, 'a webhook past PUBLISH_TIMEOUT_MS was already with Kafka: answered 503, its redelivery is matched by id');
      return 'unavailable';
    })();
    return { answer, final };
  };
}

function refusal(error: unknown): StoreOutcome | undefined {
  if (!(error instanceof RecordRefusedError)) return undefined;
  return { refused: error.reason === 'MESSAGE_TOO_LARGE' ? 'too-large' : 'invalid', message: error.message };
}
