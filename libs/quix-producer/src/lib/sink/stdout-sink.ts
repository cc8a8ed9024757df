import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { OutgoingMessage, Sink } from './sink.js';

/**
 * Writes each message as one JSON line, `{"topic","key","timestamp","value":<the value>}`, for
 * running without a broker. The value is already JSON text and goes in verbatim, so nanosecond
 * integers stay exact.
 */
export class StdoutSink implements Sink {
  readonly description = 'stdout (JSON lines)';

  constructor(private readonly out: Writable = process.stdout) {}

  /** Nothing to connect to. */
  async connect(): Promise<void> {
    return;
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const lines = messages.map(
      (m) =>
        `{"topic":${JSON.stringify(topic)},"key":${JSON.stringify(m.key)},"timestamp":${JSON.stringify(m.timestamp)},"value":${m.value.toString('utf8')}}\n`,
    );
    if (!this.out.write(lines.join(''))) await once(this.out, 'drain');
  }

  isReady(): boolean {
    return true;
  }

  /** stdout stays open for the process's other output. */
  async disconnect(): Promise<void> {
    return;
  }
}
