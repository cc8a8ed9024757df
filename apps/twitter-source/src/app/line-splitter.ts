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
      if (this.pending.length > 0) {
        const joined = Buffer.concat([...this.pending, chunk.subarray(start, newline)]);
        lines.push(decodeLine(joined, 0, joined.length));
        this.pending = [];
      } else {
        lines.push(decodeLine(chunk, start, newline)); // most lines: decoded in place, no copy
      }
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

/** The text of `bytes[start, end)`, without a trailing `\r`. */
function decodeLine(bytes: Buffer, start: number, end: number): string {
  const last = end > start && bytes[end - 1] === 13 ? end - 1 : end;
  return bytes.toString('utf8', start, last);
}
