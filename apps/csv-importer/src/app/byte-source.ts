import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';

/** Where a file's bytes come from: a local file, or an object in S3-compatible storage. */
export interface ByteSource {
  /** What logs, positions and bad rows name: the path, or `s3://bucket/key`. */
  location: string;
  /** The file's own name (the stream's name, and what the extension is read from). */
  name: string;
  size: number;
  /** A local path when the bytes are on this machine (a bad row's exact bytes are read back from it). */
  localPath?: string;
  /** The bytes from `start` to `end`, both included (all of them by default), as a stream. */
  read(range?: { start: number; end: number }): Readable;
}

export async function localFile(
  path: string,
): Promise<ByteSource & { mtimeMs: number }> {
  const info = await stat(path);
  return {
    location: path,
    name: basename(path),
    size: info.size,
    mtimeMs: info.mtimeMs,
    localPath: path,
    read: (range) =>
      createReadStream(path, { highWaterMark: 256 * 1024, ...range }),
  };
}
