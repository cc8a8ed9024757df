import { closeSync, openSync, readSync } from 'node:fs';
import type { BadRow } from './bad-row.js';

/** At most this much of a bad record is kept (a dead letter must fit in one message). */
const MAX_RAW_BYTES = 256 * 1024;

/**
 * The exact bytes of a bad row, read back from its file, so a dead letter keeps what the file
 * held (base64 when it is not UTF-8) rather than csv-parse's decoding with U+FFFD. Undefined when
 * the row has no place in the file or the file cannot be read (then the decoded text is kept).
 */
export function readRawBytes(bad: BadRow): { bytes: Uint8Array; truncated: boolean } | undefined {
  if (bad.bytes === undefined) return undefined;
  const { start } = bad.bytes;
  const wanted = bad.bytes.end ?? Number.POSITIVE_INFINITY;
  const end = Math.min(wanted, start + MAX_RAW_BYTES);
  if (end <= start) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(bad.file, 'r');
    const buffer = Buffer.alloc(end - start);
    const read = readSync(fd, buffer, 0, buffer.length, start);
    const whole = end === wanted && read === buffer.length;
    const bytes = whole && bad.bytes.lines !== undefined ? lastLines(buffer, bad.bytes.lines) : buffer.subarray(0, read);
    return { bytes, truncated: end < wanted };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The last `count` lines of `bytes` (which end with a line end or at the end of the file). */
function lastLines(bytes: Buffer, count: number): Buffer {
  let at = bytes.length;
  // The record's own line end, "\r\n" as one.
  if (bytes[at - 1] === 10) at -= 1;
  if (bytes[at - 1] === 13) at -= 1;
  for (let seen = 0; at > 0; at--) {
    const byte = bytes[at - 1];
    if (byte !== 10 && byte !== 13) continue;
    if (++seen === count) break;
    if (byte === 10 && bytes[at - 2] === 13) at -= 1;
  }
  return bytes.subarray(at);
}
