/**
 * Splits a chunked byte stream into lines at `\n` (a trailing `\r` is dropped), whatever the chunk
 * boundaries: a post may arrive split across chunks, and a multi-byte character may be split too,
 * so bytes are kept until their line is complete and only then decoded.
 */
export class LineSplitter {
  private pending: Buffer[] = [];

  /** The complete lines this chunk finishes, blank lines (keep-alives) included. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline = chunk.indexOf(10);
    while (newline !== -1) {
      const part = chunk.subarray(start, newline);
      const bytes = this.pending.length > 0 ? Buffer.concat([...this.pending, part]) : part;
      this.pending = [];
      const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
      lines.push(bytes.toString('utf8', 0, end));
      start = newline + 1;
      newline = chunk.indexOf(10, start);
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return lines;
  }

  /** Bytes of an unfinished line (a connection cut mid-line leaves some; they are not a post). */
  get pendingBytes(): number {
    return this.pending.reduce((n, b) => n + b.length, 0);
  }
}
