import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

export interface FileIdentity {
  /** The position key: content hash of the first KiB and the size. */
  id: string;
  path: string;
  size: number;
  mtimeMs: number;
  /** The first line (up to 64 KiB), for delimiter detection. */
  firstLine: string;
}

const HASHED_BYTES = 1024;
const FIRST_LINE_BYTES = 64 * 1024;

/**
 * Identifies a file by what it holds rather than where it is: sha256 of its first KiB plus its
 * size. The same export renamed, moved to done/ or copied elsewhere (which resets mtime) keeps
 * its identity and is never imported twice; two files sharing a header and first rows still
 * differ by size. A file that changes while it is imported gets a new identity.
 */
export async function identifyFile(path: string): Promise<FileIdentity> {
  const info = await stat(path);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(info.size, FIRST_LINE_BYTES));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const hash = createHash('sha256').update(bytes.subarray(0, HASHED_BYTES)).digest('hex').slice(0, 32);
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    const end = text.search(/\r|\n/);
    return { id: `${hash}-${info.size}`, path, size: info.size, mtimeMs: info.mtimeMs, firstLine: end < 0 ? text : text.slice(0, end) };
  } finally {
    await handle.close();
  }
}
