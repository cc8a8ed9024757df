import { RecordRefusedError, type BadRecords, type TransactionalProducer, type TransactionalStream, type TransactionContent } from '@quix-connectors/quix-producer';
import type { PollCommit } from './endpoint-poller.js';
import { PollStopped } from './poll-errors.js';
import type { StateLog } from './state-log.js';

export interface PollCommitterOptions {
  endpoint: string;
  transactions: Pick<TransactionalProducer, 'commit'>;
  /** The endpoint's stream: rows the encoder refuses go to its refusal handler (BAD_RECORD_POLICY). */
  stream: Pick<TransactionalStream, 'rows' | 'streamId' | 'topic'>;
  stateLog: StateLog;
  badRecords: Pick<BadRecords, 'refused' | 'policy'>;
  /** Stops the connector: state that Kafka refuses can never be saved. */
  fail(error: Error): void;
}

/**
 * How a poll is committed: its rows (encoded by the endpoint's stream) and its state records (the
 * StateLog's head and id chunks) in ONE transaction, so a crash can never leave rows published
 * without the state that says so (a duplicate on restart) or the reverse (a loss). Polls of many
 * endpoints committing at once share transactions (the runtime's group commit).
 *
 * Rows the encoder refuses are reported by the stream; a transaction Kafka refuses as a whole (a
 * message over the topic's max.message.bytes) has its rows reported, and the state then goes
 * alone, so the endpoint moves on. Under BAD_RECORD_POLICY=fail nothing is committed.
 */
export function pollCommitter(options: PollCommitterOptions): (poll: PollCommit) => Promise<{ published: number }> {
  const { endpoint, transactions, stream, stateLog, badRecords } = options;
  return async ({ rows, change }) => {
    const data = rows.length > 0 ? [stream.rows(rows)] : [];
    const published = data[0]?.items ?? 0;
    if (published < rows.length && badRecords.policy === 'fail') throw new PollStopped();
    const plan = stateLog.plan(endpoint, change);
    const state: TransactionContent['state'] = plan.records.map((r) => ({ key: r.key, value: r.value === null ? null : Buffer.from(r.value) }));
    try {
      // replayable: what is not committed is fetched again by the next poll (its state did not move).
      await transactions.commit({ data, state }, { items: published, replayable: true });
      plan.apply();
      return { published };
    } catch (error) {
      if (!(error instanceof RecordRefusedError) || rows.length === 0) throw refusedState(error, options);
      badRecords.refused({ streamId: stream.streamId, topic: stream.topic, rows, reason: error.reason, message: `Kafka refused the transaction of endpoint ${endpoint}'s poll: ${error.message}` });
      if (badRecords.policy === 'fail') throw new PollStopped();
    }
    try {
      await transactions.commit({ data: [], state }, { replayable: true });
    } catch (error) {
      throw refusedState(error, options);
    }
    plan.apply();
    return { published: 0 };
  };
}

/** Kafka refusing the state alone is final: stop, saying so. Other errors pass as they are. */
function refusedState(error: unknown, options: PollCommitterOptions): unknown {
  if (!(error instanceof RecordRefusedError)) return error;
  const stop = new Error(`Kafka refused the state records of endpoint ${options.endpoint} (${error.reason}): ${error.message}. Check the state topic's max.message.bytes and that rest-poller may write it.`, { cause: error });
  options.fail(stop);
  return stop;
}
