import { MessageSchemaError } from './errors.js';

const MODEL_KEYS = ['ParameterData', 'EventData[]', 'StreamProperties', 'StreamEnd'] as const;

/** Model keys this lib writes; the reader picks the payload type by this key. */
export type ModelKey = (typeof MODEL_KEYS)[number];

/**
 * `{"C":"JT","K":"<key>","V":` by key, made once: sizing runs once per row. C is the codec: JT
 * (typed JSON) is what the SDK writes.
 */
const HEADS = Object.fromEntries(MODEL_KEYS.map((key) => [key, `{"C":"JT","K":"${key}","V":`])) as Record<ModelKey, string>;

/** Decimal digits of a non-negative integer, without making its string (this runs once per row). */
function digits(n: number): number {
  let count = 1;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count++;
  return count;
}

/** Size of the whole envelope around a payload of `payloadBytes` UTF-8 bytes. */
export function envelopeBytes(key: ModelKey, payloadBytes: number): number {
  // S: the byte offset of V's text. The head is ASCII, so its length is its byte count.
  const start = HEADS[key].length;
  const end = start + payloadBytes;
  // `,"S":` start `,"E":` end `}`
  return end + 5 + digits(start) + 5 + digits(end) + 1;
}

/**
 * Writes the SDK envelope `{"C":"JT","K":key,"V":payload,"S":start,"E":end}` straight into a
 * buffer of its exact size, the payload in as many pieces as the caller likes: a large batch is
 * never built as one string, measured and copied again. S and E are exact UTF-8 byte offsets of V
 * (E exclusive): the C# reader slices those bytes instead of parsing V.
 */
export class EnvelopeWriter {
  private readonly buffer: Buffer;
  private readonly start: number;
  private at: number;

  /** `payloadBytes` must be the exact UTF-8 size of what will be written; finish() checks it. */
  constructor(private readonly key: ModelKey, private readonly payloadBytes: number) {
    this.buffer = Buffer.allocUnsafe(envelopeBytes(key, payloadBytes));
    this.at = this.buffer.write(HEADS[key], 0, 'latin1');
    this.start = this.at;
  }

  write(text: string): void {
    this.at += this.buffer.write(text, this.at, 'utf8');
  }

  /**
   * The envelope, once the payload is exactly the size it was sized for and the tail fills the
   * buffer to its last byte: a size that disagrees would give the C# reader a wrong slice.
   */
  finish(): Buffer {
    const end = this.start + this.payloadBytes;
    // The buffer has room past `end`, so a payload longer than sized always ends past it (cut at
    // the buffer's end: hence "at least").
    if (this.at !== end) throw this.mismatch(`payload was ${this.at > end ? 'at least' : 'only'} ${this.at - this.start} bytes, not the ${this.payloadBytes} it was sized for`);
    this.at += this.buffer.write(`,"S":${this.start},"E":${end}}`, this.at, 'latin1');
    if (this.at !== this.buffer.length) throw this.mismatch(`envelope was ${this.at} bytes, not the ${this.buffer.length} it was sized for`);
    return this.buffer;
  }

  private mismatch(problem: string): MessageSchemaError {
    return new MessageSchemaError('ENCODER_BUG', `${this.key} ${problem}; this is a bug in message-schema, please report it.`);
  }
}

/** The envelope around a payload already in one string. */
export function wrapEnvelope(key: ModelKey, payload: string, payloadBytes: number): Buffer {
  const writer = new EnvelopeWriter(key, payloadBytes);
  writer.write(payload);
  return writer.finish();
}
