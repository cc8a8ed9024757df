import { RecordRefusedError, type ProducerError } from '../errors.js';
import type { OutgoingMessage } from '../sink/sink.js';

/** Record and batch framing Kafka adds around each message and each request (a safe upper bound). */
const RECORD_OVERHEAD_BYTES = 40;
const BATCH_OVERHEAD_BYTES = 128;

/** One publish: its messages, how many are settled (acknowledged or refused), and its outcome. */
export class Entry {
  /** Messages handed to a request (the next one starts here). */
  taken = 0;
  settled = 0;
  private readonly refused: { index: number; reason: string; error: unknown }[] = [];
  readonly done: Promise<void>;
  resolve!: () => void;
  reject!: (error: unknown) => void;
  readonly totalItems: number;

  constructor(
    readonly messages: OutgoingMessage[],
    readonly items: readonly number[],
    readonly bytes: number,
    readonly replayable: boolean,
    readonly enqueuedAt: number,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.totalItems = items.length === 0 ? messages.length : items.reduce((n, i) => n + i, 0);
  }

  settle(): void {
    this.settled += 1;
  }

  refuse(index: number, reason: string, error: unknown): void {
    this.refused.push({ index, reason, error });
    this.settled += 1;
  }

  isSettled(): boolean {
    return this.settled === this.messages.length;
  }

  /** The error this entry ends with: undefined when every message was acknowledged. */
  refusal(): ProducerError | undefined {
    if (this.refused.length === 0) return undefined;
    const first = this.refused[0];
    return new RecordRefusedError(
      `Kafka refused ${this.refused.length} of ${this.messages.length} message(s): ${(first.error as Error).message}`,
      first.reason,
      this.refused.map((r) => r.index).sort((a, b) => a - b),
      { cause: first.error },
    );
  }
}

/** One produce call's worth of messages: parts of one or more entries, in order. */
export class Request {
  readonly messages: OutgoingMessage[];

  constructor(readonly parts: { entry: Entry; index: number }[]) {
    this.messages = parts.map((p) => p.entry.messages[p.index]);
  }

  /** Two halves, in order (to find the one record a broker refuses). */
  split(): [Request, Request] {
    const half = Math.ceil(this.parts.length / 2);
    return [new Request(this.parts.slice(0, half)), new Request(this.parts.slice(half))];
  }
}

const cost = (m: OutgoingMessage) => m.value.length + m.key.length + RECORD_OVERHEAD_BYTES;

/** The queued entries of one topic partition (or of one topic, for a sink without partitions). */
export class PartitionGroup {
  readonly entries: Entry[] = [];
  pumping = false;
  /** When the send under way started. */
  inFlightSince: number | undefined;
  /** The cause of the last failed attempt, until a send succeeds. */
  failingCause: string | undefined;

  constructor(
    readonly topic: string,
    readonly partition: number | undefined,
  ) {}

  add(messages: OutgoingMessage[], bytes: number, options: { items?: readonly number[]; replayable?: boolean }, now: number): Entry {
    const entry = new Entry(messages, options.items ?? [], bytes, options.replayable ?? false, now);
    this.entries.push(entry);
    return entry;
  }

  /** Removes an entry none of whose messages went out yet; false when too late. */
  withdraw(entry: Entry): boolean {
    const at = this.entries.indexOf(entry);
    if (at < 0 || entry.taken > 0) return false;
    this.entries.splice(at, 1);
    return true;
  }

  hasUntaken(): boolean {
    return this.entries.some((e) => e.taken < e.messages.length);
  }

  untakenBytes(): number {
    let bytes = 0;
    for (const e of this.entries) for (let i = e.taken; i < e.messages.length; i++) bytes += cost(e.messages[i]);
    return bytes;
  }

  oldestUntakenAt(): number {
    return this.entries.find((e) => e.taken < e.messages.length)?.enqueuedAt ?? 0;
  }

  /** The next messages in order, as many as fit in one request (always at least one). */
  takeRequest(maxBytes: number): Request | undefined {
    const parts: { entry: Entry; index: number }[] = [];
    let bytes = BATCH_OVERHEAD_BYTES;
    for (const entry of this.entries) {
      while (entry.taken < entry.messages.length) {
        const size = cost(entry.messages[entry.taken]);
        if (parts.length > 0 && bytes + size > maxBytes) return new Request(parts);
        parts.push({ entry, index: entry.taken });
        entry.taken += 1;
        bytes += size;
      }
    }
    return parts.length > 0 ? new Request(parts) : undefined;
  }
}
