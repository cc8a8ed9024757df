/** A line longer than the limit: its size and its first bytes, decoded (for the report). */
export interface OversizedLine {
  bytes: number;
  prefix: string;
  /** How many of the lines returned by the `push` that ended it come before it, to keep line order. */
  before: number;
}

const PREFIX_BYTES = 1024;

/**
 * Splits a chunked byte stream into lines at `\n` (a trailing `\r` is dropped), whatever the chunk
 * boundaries: a post may arrive split across chunks, and a multi-byte character may be split too,
 * so bytes are kept until their line is complete and only then decoded. A line whose content (its
 * bytes without the `\n` or `\r\n` that ends it) is longer than `maxLineBytes` is not kept: its
 * bytes are counted and dropped as they come (memory stays bounded), and it is handed to
 * `onOversized` once its end arrives.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private oversized: OversizedLine | undefined;
  /** Whether the unfinished line's last byte so far is `\r`: part of its terminator if `\n` comes next. */
  private endsInCr = false;

  constructor(
    private readonly maxLineBytes = Number.POSITIVE_INFINITY,
    private readonly onOversized: (line: OversizedLine) => void = () => undefined,
  ) {}

  /** The complete lines this chunk finishes, blank lines (keep-alives) included. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline = chunk.indexOf(10);
    while (newline !== -1) {
      const piece = chunk.subarray(start, newline);
      // The "\r" of a "\r\n" may have come at the end of the previous chunk.
      const cr = piece.length > 0 ? piece[piece.length - 1] === 13 : this.endsInCr;
      if (this.oversized !== undefined || this.pendingLength + piece.length - (cr ? 1 : 0) > this.maxLineBytes) {
        this.keep(piece);
        const line = this.oversized as OversizedLine;
        this.oversized = undefined;
        // A line shorter than the prefix has its terminator's "\r" in it too.
        const prefix = cr && line.bytes <= PREFIX_BYTES ? line.prefix.slice(0, -1) : line.prefix;
        this.onOversized({ bytes: line.bytes - (cr ? 1 : 0), prefix, before: lines.length });
      } else if (this.pending.length > 0) {
        const joined = Buffer.concat([...this.pending, piece]);
        lines.push(decodeLine(joined, 0, joined.length));
        this.pending = [];
        this.pendingLength = 0;
      } else {
        lines.push(decodeLine(chunk, start, newline)); // most lines: decoded in place, no copy
      }
      this.endsInCr = false;
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
    return lines;
  }

  /** Bytes of an unfinished line (a connection cut mid-line leaves some; they are not a post). */
  get pendingBytes(): number {
    return this.oversized?.bytes ?? this.pendingLength;
  }

  /**
   * Keeps part of an unfinished line, or only counts it once the line is over the limit. One byte
   * more than the limit is kept while it is a `\r`: a `\n` may follow and make it the terminator.
   */
  private keep(piece: Buffer): void {
    if (piece.length > 0) this.endsInCr = piece[piece.length - 1] === 13;
    const allowed = this.maxLineBytes + (this.endsInCr ? 1 : 0);
    if (this.oversized === undefined && this.pendingLength + piece.length <= allowed) {
      this.pending.push(piece);
      this.pendingLength += piece.length;
      return;
    }
    if (this.oversized === undefined) {
      const head = Buffer.concat([...this.pending, piece.subarray(0, PREFIX_BYTES)]).subarray(0, PREFIX_BYTES);
      this.oversized = { bytes: this.pendingLength, prefix: head.toString('utf8'), before: 0 };
      this.pending = [];
      this.pendingLength = 0;
    }
    this.oversized.bytes += piece.length;
  }
}

/** The text of `bytes[start, end)`, without a trailing `\r`. */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const last = end > start && bytes[end - 1] === 13 ? end - 1 : end;
  return bytes.toString('utf8', start, last);
}
