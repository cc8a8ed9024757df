import type { FailureKind } from '../lib/kafka/kafka-errors.js';
import type { OutgoingMessage, Sink } from '../lib/sink/sink.js';

/** An error a sink classifies as `kind` (the sink reads `kind` off the error). */
export const failure = (kind: FailureKind, message: string = kind) => Object.assign(new Error(message), { kind, type: message });

/**
 * A sink for unit tests: records every send; can hold sends, fail the next ones (`failures`),
 * refuse any send containing a given value, and give keys partitions.
 */
export class RecordingSink implements Sink {
  readonly description = 'recording sink';
  readonly sends: { topic: string; messages: OutgoingMessage[] }[] = [];
  failures: (Error | undefined)[] = [];
  /** Sends containing one of these values are refused (as a broker refuses a record too large). */
  refuseValues = new Set<string>();
  /** While set, every send throws this. */
  failWith: Error | undefined;
  partitions: ((key: string) => number) | undefined;
  attempts = 0;
  private held: (() => void)[] = [];
  hold = false;

  async connect(): Promise<void> {
    return;
  }
  async prepareTopic(): Promise<void> {
    return;
  }
  partitionFor(_topic: string, key: string): number | undefined {
    return this.partitions?.(key);
  }
  async disconnect(): Promise<void> {
    return;
  }
  classify(error: unknown): FailureKind {
    return (error as { kind?: FailureKind }).kind ?? 'transient';
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.attempts += 1;
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failWith) throw this.failWith;
    const next = this.failures.shift();
    if (next !== undefined) throw next;
    if (messages.some((m) => this.refuseValues.has(m.value.toString()))) throw failure('refused', 'MESSAGE_TOO_LARGE');
    this.sends.push({ topic, messages });
  }

  release(): void {
    this.hold = false;
    this.held.splice(0).forEach((go) => go());
  }

  get values(): string[] {
    return this.sends.flatMap((s) => s.messages.map((m) => m.value.toString()));
  }
}

export const message = (value: string, key = 'stream') => ({ key, value: Buffer.from(value), timestamp: '0' });
