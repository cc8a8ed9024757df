import { classifyKafkaFailure, type FailureKind, type OutgoingMessage, type Sink } from '@quix-connectors/quix-producer';

/** A sink for tests: records what was sent; can hold sends until released, or fail them. */
export class ControllableSink implements Sink {
  readonly description = 'controllable sink';
  readonly sent: OutgoingMessage[] = [];
  sends = 0;
  hold = false;
  /** While set, every send throws this (a retriable error unless it says otherwise). */
  failWith: Error | undefined;
  private held: (() => void)[] = [];
  private sendWaiters: (() => void)[] = [];

  async connect(): Promise<void> {
    return;
  }
  async prepareTopic(): Promise<void> {
    return;
  }
  partitionFor(): undefined {
    return undefined;
  }
  /** As Kafka's errors are read: a plain error is transient; `{ type: 'MESSAGE_TOO_LARGE' }` is refused. */
  classify(error: unknown): FailureKind {
    return classifyKafkaFailure(error);
  }
  async disconnect(): Promise<void> {
    return;
  }

  async send(_topic: string, messages: OutgoingMessage[]): Promise<void> {
    this.sends += 1;
    this.sendWaiters.splice(0).forEach((wake) => wake());
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failWith) throw this.failWith;
    this.sent.push(...messages);
  }

  /** Resolves at the next send call (which may then be held). */
  nextSend(): Promise<void> {
    return new Promise((resolve) => this.sendWaiters.push(resolve));
  }

  release(): void {
    this.hold = false;
    this.held.splice(0).forEach((go) => go());
  }

  get events(): { Id: string; Value: string; Tags: Record<string, string> }[] {
    return this.sent.map((m) => JSON.parse(m.value.toString()));
  }
}
