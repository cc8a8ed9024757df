import { lstat, mkdir, readdir, realpath, rename, writeFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { Logger } from '@quix-connectors/service';

/** A file folder mode may take: its name in the folder, where to read it, and what changes while it is written. */
export interface FolderEntry {
  name: string;
  location: string;
  fingerprint: string;
}

/** Where folder mode finds files and puts them when done: a local folder or an S3 prefix. */
export interface Folder {
  location: string;
  /** Makes done/ and error/ where they must exist. */
  prepare(): Promise<void>;
  /** The files directly in it, in name order. */
  list(): Promise<FolderEntry[]>;
  /** Moves a file to done/ or error/ (with `<name>.error.txt` holding `reason`); says where it went. */
  moveTo(target: 'done' | 'error', name: string, reason?: string): Promise<string>;
}

/**
 * A local folder. Only regular files inside it are listed: symbolic links and anything that
 * resolves outside the folder are refused and logged once (a link to /etc/passwd must not reach
 * the topic).
 */
export function localFolder(folder: string, logger: Logger): Folder {
  const refused = new Set<string>();
  let root = folder;
  return {
    location: folder,
    async prepare() {
      await mkdir(join(folder, 'done'), { recursive: true });
      await mkdir(join(folder, 'error'), { recursive: true });
      root = await realpath(folder);
    },
    async list() {
      const entries: FolderEntry[] = [];
      for (const name of (await readdir(folder)).sort()) {
        const path = join(folder, name);
        const info = await lstat(path).catch(() => undefined);
        if (!info || info.isDirectory()) continue;
        if (!info.isFile() || !(await inside(root, path))) {
          if (!refused.has(name)) logger.warn({ file: path }, 'not imported: a symbolic link, or not a regular file inside the folder');
          refused.add(name);
          continue;
        }
        entries.push({ name, location: path, fingerprint: `${info.size}:${info.mtimeMs}` });
      }
      return entries;
    },
    async moveTo(target, name, reason) {
      const moved = await freeName(join(folder, target), name);
      await rename(join(folder, name), moved);
      if (reason) await writeFile(`${moved}.error.txt`, `${reason}\n`);
      return moved;
    },
  };
}

/** True when `path` (a regular file, not a link) really lies inside `root`. */
async function inside(root: string, path: string): Promise<boolean> {
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined) return false;
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

async function freeName(dir: string, name: string): Promise<string> {
  const wanted = join(dir, name);
  if (!(await lstat(wanted).catch(() => undefined))) return wanted;
  return join(dir, `${Date.now()}-${basename(name)}`);
}
