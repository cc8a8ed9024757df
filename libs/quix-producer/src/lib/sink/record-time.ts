import type { OutgoingMessage } from './sink.js';

/**
 * How old a record's Kafka timestamp may be; older data is stamped with the time it is produced.
 * The broker dates a producer by its last batch's timestamp, and one older than
 * `producer.id.expiration.ms` (1 day by default) counts as expired: a restarted broker does not
 * load its sequence state (ProducerStateManager.loadFromSnapshot), and a running one drops it at
 * the next expiry check. It then takes the resend of a batch it had already written for a new
 * one and writes it twice (rows stamped 1970: 3 of 7 runs of outage/in-flight-outage.int.spec.ts).
 * Time-based retention would also delete such records soon after they are written. An hour
 * leaves outages of up to 23 hours covered.
 */
export const MAX_RECORD_AGE_MS = 3_600_000;

/**
 * Kafka's record time is the data's own (the rows' or events' timestamp), unless it is more than
 * MAX_RECORD_AGE_MS before `nowMs`: then it is `nowMs`. The data keeps its own time in the value.
 */
export function recordTimes(messages: OutgoingMessage[], nowMs: number): OutgoingMessage[] {
  const oldest = nowMs - MAX_RECORD_AGE_MS;
  if (!messages.some((m) => Number(m.timestamp) < oldest)) return messages;
  const now = String(Math.floor(nowMs));
  return messages.map((m) => (Number(m.timestamp) < oldest ? { ...m, timestamp: now } : m));
}
