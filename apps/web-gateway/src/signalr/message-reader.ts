import { ProtocolError } from './protocol-error.js';

/** Every SignalR JSON message, the handshake included, ends with this ASCII record separator. */
export const RECORD_SEPARATOR = '\u001e';

/**
 * Splits the text of WebSocket frames into SignalR messages. A frame may hold several messages,
 * and a message may span frames: the unfinished tail is kept until its separator arrives. A
 * message (finished or not) longer than `maxMessageBytes` throws MESSAGE_TOO_LARGE, so a client
 * that never sends a separator cannot grow the buffer without bound.
 */
export class MessageReader {
  private tail = '';
  private tailBytes = 0;

  constructor(private readonly maxMessageBytes: number) {}

  /** The messages `text` completes, without their separators, in order. */
  push(text: string): string[] {
    const messages: string[] = [];
    let start = 0;
    for (let end = text.indexOf(RECORD_SEPARATOR); end >= 0; end = text.indexOf(RECORD_SEPARATOR, start)) {
      const piece = text.slice(start, end);
      this.check(this.tailBytes + Buffer.byteLength(piece, 'utf8'));
      messages.push(this.tail + piece);
      this.tail = '';
      this.tailBytes = 0;
      start = end + 1;
    }
    if (start < text.length) {
      const rest = text.slice(start);
      const restBytes = Buffer.byteLength(rest, 'utf8');
      this.check(this.tailBytes + restBytes);
      this.tail += rest;
      this.tailBytes += restBytes;
    }
    return messages;
  }

  /** Bytes held for a message whose separator has not arrived yet. */
  get pendingBytes(): number {
    return this.tailBytes;
  }

  private check(bytes: number): void {
    if (bytes > this.maxMessageBytes) {
      throw new ProtocolError(
        'MESSAGE_TOO_LARGE',
        `A message exceeded the maximum message size of ${this.maxMessageBytes} bytes.`,
      );
    }
  }
}
