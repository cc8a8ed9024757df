import type { FailureKind } from '../kafka/kafka-errors.js';
import type { TransactionContent } from './transaction-content.js';

/** Where a failed transaction failed: before the commit was asked for, or during it (outcome unknown). */
export type TransactionPhase = 'sending' | 'committing';

export class TransactionFailure extends Error {
  constructor(
    readonly phase: TransactionPhase,
    options: { cause: unknown },
  ) {
    super(`the transaction failed while ${phase}: ${((options.cause as Error)?.message ?? String(options.cause))}`, options);
    this.name = 'TransactionFailure';
  }
}

/**
 * Atomic writes of data and state: Kafka transactions, or stdout for running without a broker.
 * Every transaction also writes `marker` as its commit record, so that after a failure whose
 * outcome is unknown, `recover` can tell whether it committed.
 */
export interface TransactionalSink {
  readonly description: string;
  /** Connects, fences any earlier producer with the same transactional id, returns the committed state. */
  connect(): Promise<Map<string, Buffer>>;
  /** Commits one transaction; rejects with a TransactionFailure. */
  commit(content: TransactionContent, marker: string): Promise<void>;
  /** After a failure: takes over with a fresh producer (fencing the old) and says whether `marker` committed. */
  recover(marker: string): Promise<boolean>;
  classify(error: unknown): FailureKind;
  disconnect(): Promise<void>;
}
