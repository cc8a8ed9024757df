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
    return { bytes: buffer.subarray(0, read), truncated: end < wanted };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
