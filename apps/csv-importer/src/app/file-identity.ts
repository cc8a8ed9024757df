import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { localFile, type ByteSource } from './byte-source.js';
import { detectCompression, type Compression } from './compression.js';
import { openContent } from './content.js';
import { CorruptFileError } from './corrupt-file.js';

export interface FileIdentity {
  /** The position key: `sha256:` and the hash of the whole content (as stored, compressed or not). */
  id: string;
  /** Where it is: a path or `s3://bucket/key`. */
  path: string;
  /** Bytes as stored (compressed, for a compressed file). */
  size: number;
  /** The first line of the CSV (up to 64 KiB), for delimiter detection. */
  firstLine: string;
  compression: Compression;
  source: ByteSource;
  /** Why the file cannot be imported, found while identifying it (nothing of it is then sent). */
  problem?: CorruptFileError;
}

const FIRST_LINE_BYTES = 64 * 1024;

/**
 * Identifies a file by what it holds rather than where it is: the SHA-256 of its whole content.
 * The same export renamed, moved to done/ or copied elsewhere keeps its identity and is never
 * imported twice; any two files that differ in a single byte are two files. A file that changes
 * (appended to, edited) is a new file and is imported from its first row. Hashing reads the file
 * once more, at disk speed, before the import.
 *
 * A compressed file is also decompressed to its end here, so a truncated or corrupt one is known
 * before any of its rows is sent: it fails whole, and nothing of it reaches the topic.
 */
export async function identifyFile(
  target: string | ByteSource,
): Promise<FileIdentity> {
  const source = typeof target === 'string' ? await localFile(target) : target;
  // One read serves both: its first bytes say how the file is compressed, and of a plain file
  // it holds the first line.
  const head = await firstBytes(source, FIRST_LINE_BYTES);
  let compression: Compression = 'none';
  let problem: CorruptFileError | undefined;
  try {
    compression = detectCompression(source.name, head, source.location);
  } catch (err) {
    if (!(err instanceof CorruptFileError)) throw err;
    problem = err;
  }
  const [id, first] = await Promise.all([
    hashOf(source),
    problem
      ? ''
      : firstLineOf(source, compression, head).catch((err: unknown) => {
          if (!(err instanceof CorruptFileError)) throw err;
          problem = err;
          return '';
        }),
  ]);
  return {
    id,
    path: source.location,
    size: source.size,
    firstLine: first,
    compression,
    source,
    ...(problem ? { problem } : {}),
  };
}

async function hashOf(source: ByteSource): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source.read()) hash.update(chunk as Buffer);
  return `sha256:${hash.digest('hex')}`;
}

/** The CSV's first line (`head` is the file's own); of a compressed file, read on to its end to prove it whole. */
async function firstLineOf(
  source: ByteSource,
  compression: Compression,
  head: Buffer,
): Promise<string> {
  let csvHead = head;
  if (compression !== 'none') {
    const { stream } = await openContent(source, compression);
    csvHead = await readAll(stream, FIRST_LINE_BYTES, { drain: true });
  }
  const text = csvHead.toString('utf8').replace(/^\uFEFF/, '');
  const end = text.search(/\r|\n/);
  return end < 0 ? text : text.slice(0, end);
}

/** The source's first `count` bytes (fewer if it is shorter), read as one range. */
async function firstBytes(source: ByteSource, count: number): Promise<Buffer> {
  if (source.size === 0) return Buffer.alloc(0); // an empty range cannot be asked for
  const end = Math.min(source.size, count) - 1;
  return readAll(source.read({ start: 0, end }), count);
}

/** Up to `limit` bytes of a stream; with `drain`, the rest is read (and dropped) to its end. */
async function readAll(
  stream: Readable,
  limit: number,
  options: { drain?: boolean } = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let kept = 0;
  for await (const chunk of stream) {
    if (kept < limit) {
      const part = (chunk as Buffer).subarray(0, limit - kept);
      chunks.push(part);
      kept += part.length;
    } else if (!options.drain) break;
  }
  return Buffer.concat(chunks);
}
