import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { FailureKind } from '../kafka/kafka-errors.js';
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

  async prepareTopic(): Promise<void> {
    return;
  }

  partitionFor(): undefined {
    return undefined;
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const lines = messages.map(
      (m) =>
        `{"topic":${JSON.stringify(topic)},"key":${JSON.stringify(m.key)},"timestamp":${JSON.stringify(m.timestamp)},"value":${m.value.toString('utf8')}}\n`,
    );
    if (!this.out.write(lines.join(''))) await once(this.out, 'drain');
  }

  /** A closed stdout (a reader that went away) will not come back. */
  classify(error: unknown): FailureKind {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END' ? 'fatal' : 'transient';
  }

  /** stdout stays open for the process's other output. */
  async disconnect(): Promise<void> {
    return;
  }
}
