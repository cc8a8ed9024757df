import { nowNanos, type EventRecord } from '@quix-connectors/message-schema';
import { ReportThrottle, type Clock } from '@quix-connectors/timing';
import { badRecordChannel } from '../diagnostics.js';
import type { Logger } from '../logger.js';
import type { Refusal } from '../stream/refusal.js';
import { BadRecordError, describeBadRecord, type BadRecord, type BadRecordPolicy } from './bad-record.js';
import { deadLetterEvent } from './dead-letter.js';

export interface BadRecordsOptions {
  policy: BadRecordPolicy;
  /** The app's name, in logs and dead letters. */
  source: string;
  logger: Logger;
  clock: Clock;
  maxMessageBytes: number;
  /** Publishes a dead letter (policy `dead-letter`); resolves once Kafka has it. */
  deadLetters?: (event: EventRecord) => Promise<void>;
  /** Stops the connector (policy `fail`). */
  fail: (error: BadRecordError) => void;
}

/**
 * The source's policy for records that cannot become data or that Kafka refuses: `fail` stops the
 * connector saying where the record was and why; `skip` logs it (once per cause and interval,
 * with how many) and counts it; `dead-letter` also sends it, raw, to the dead-letter topic.
 * Nothing is ever dropped without a count and a log line.
 */
export class BadRecords {
  private readonly throttle: ReportThrottle;
  private total = 0;

  constructor(private readonly options: BadRecordsOptions) {
    this.throttle = new ReportThrottle(options.clock, 10_000);
  }

  get count(): number {
    return this.total;
  }

  get policy(): BadRecordPolicy {
    return this.options.policy;
  }

  report(bad: BadRecord): void {
    const { policy, logger } = this.options;
    this.total += 1;
    badRecordChannel.publish({ code: bad.code, policy });
    const fields = { where: bad.where, code: bad.code, policy, badRecords: this.total };
    if (policy === 'fail') {
      logger.error(fields, `bad record: ${describeBadRecord(bad)}; stopping (BAD_RECORD_POLICY=fail)`);
      this.options.fail(new BadRecordError(bad));
      return;
    }
    const verdict = this.throttle.take(bad.code);
    if (verdict.report) {
      const what = policy === 'skip' ? 'skipped' : 'sent to the dead-letter topic';
      logger.warn({ ...fields, alsoSinceLastReport: verdict.suppressed }, `bad record ${what}: ${describeBadRecord(bad)}`);
    }
    if (policy === 'dead-letter') this.sendDeadLetter(bad);
  }

  /** Rows or events a stream could not deliver, one bad record each. */
  refused(refusal: Refusal): void {
    const where = { stream: refusal.streamId, topic: refusal.topic };
    for (const row of refusal.rows ?? []) this.report({ where, code: refusal.reason, reason: refusal.message, raw: JSON.stringify(row, bigintAsText) });
    for (const event of refusal.events ?? []) this.report({ where, code: refusal.reason, reason: refusal.message, raw: JSON.stringify(event, bigintAsText) });
  }

  private sendDeadLetter(bad: BadRecord): void {
    const send = this.options.deadLetters;
    if (!send) return;
    const event = deadLetterEvent(bad, this.options.source, nowNanos(), this.options.maxMessageBytes);
    send(event).catch((err: unknown) =>
      this.options.logger.error({ err, where: bad.where, code: bad.code }, 'a dead letter could not be written; the bad record is only in this log'),
    );
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}
