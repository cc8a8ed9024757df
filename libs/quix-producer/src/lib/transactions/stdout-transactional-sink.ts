import type { FailureKind } from '../kafka/kafka-errors.js';
import { StdoutSink } from '../sink/stdout-sink.js';
import type { TransactionContent } from './transaction-content.js';
import type { TransactionalSink } from './transactional-sink.js';

/**
 * Transactions without a broker: each commit's data goes to stdout as JSON lines, and its state
 * is kept in memory only (lost on restart). For running a connector on a fresh machine.
 */
export class StdoutTransactionalSink implements TransactionalSink {
  readonly description = 'stdout (JSON lines; state in memory only)';
  private readonly lines: StdoutSink;

  constructor(out?: NodeJS.WritableStream) {
    this.lines = new StdoutSink(out as never);
  }

  async connect(): Promise<Map<string, Buffer>> {
    return new Map();
  }

  async commit(content: TransactionContent): Promise<void> {
    for (const { topic, messages } of content.data) if (messages.length > 0) await this.lines.send(topic, messages);
  }

  /** A write to stdout either happened or threw: a failed commit never committed. */
  async recover(): Promise<boolean> {
    return false;
  }

  classify(error: unknown): FailureKind {
    return this.lines.classify(error);
  }

  async disconnect(): Promise<void> {
    return;
  }
}
