import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export interface FileIdentity {
  /** The position key: `sha256:` and the hash of the whole content. */
  id: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** The first line (up to 64 KiB), for delimiter detection. */
  firstLine: string;
}

const FIRST_LINE_BYTES = 64 * 1024;

/**
 * Identifies a file by what it holds rather than where it is: the SHA-256 of its whole content.
 * The same export renamed, moved to done/ or copied elsewhere keeps its identity and is never
 * imported twice; any two files that differ in a single byte are two files. A file that changes
 * (appended to, edited) is a new file and is imported from its first row. Hashing reads the file
 * once more, at disk speed, before the import.
 */
export async function identifyFile(path: string): Promise<FileIdentity> {
  const info = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return { id: `sha256:${hash.digest('hex')}`, path, size: info.size, mtimeMs: info.mtimeMs, firstLine: await firstLine(path, info.size) };
}

async function firstLine(path: string, size: number): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, FIRST_LINE_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const end = text.search(/\r|\n/);
    return end < 0 ? text : text.slice(0, end);
  } finally {
    await handle.close();
  }
}
