import type { OutgoingMessage, Sink } from '../lib/sink/sink.js';

/** A sink for unit tests: records every send, and can be told to fail or to hold sends. */
export class RecordingSink implements Sink {
  readonly description = 'recording sink';
  readonly sends: { topic: string; messages: OutgoingMessage[] }[] = [];
  failures: unknown[] = [];
  private held: (() => void)[] = [];
  hold = false;

  async connect(): Promise<void> {
    return;
  }
  isReady(): boolean {
    return true;
  }
  async disconnect(): Promise<void> {
    return;
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
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
