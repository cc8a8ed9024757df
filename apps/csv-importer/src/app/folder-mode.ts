import { lstat, mkdir, readdir, realpath, rename, writeFile } from 'node:fs/promises';
import { basename, join, relative, isAbsolute } from 'node:path';
import type { Logger } from '@quix-connectors/service';
import { sleep, type Clock } from '@quix-connectors/timing';
import type { ImportSummary } from './import-file.js';

export interface FolderModeOptions {
  folder: string;
  pollMs: number;
  /** Imports one file; its identity makes a second import of the same content a no-op. */
  importOne(path: string): Promise<ImportSummary>;
  /** How many imports of this file were started before (the positions topic knows). */
  attemptsOf(path: string): Promise<number>;
  /** A file started this many times without finishing goes to error/. */
  maxAttempts: number;
  logger: Logger;
  signal: AbortSignal;
  clock: Clock;
}

/** Names never picked up: hidden files and the usual names of files still being written. */
const IN_PROGRESS = /^\.|\.(tmp|part|partial|crdownload|swp)$/i;

/**
 * Imports each new file of a folder once, in name order, moving it to done/ (imported, or
 * already imported) or error/ (a bad row under `fail`, or a file that crashed the importer
 * `maxAttempts` times, with a `.error.txt` beside it saying why). A file is taken only when its
 * size and mtime did not change over one poll, so a file still being written is left alone.
 * Symbolic links and anything that resolves outside the folder are refused (a link to
 * /etc/passwd must not reach the topic). Runs until `signal` aborts.
 */
export async function runFolderMode(options: FolderModeOptions): Promise<ImportSummary[]> {
  const { folder, logger, signal } = options;
  await mkdir(join(folder, 'done'), { recursive: true });
  await mkdir(join(folder, 'error'), { recursive: true });
  const root = await realpath(folder);
  const seen = new Map<string, string>();
  const refused = new Set<string>();
  const summaries: ImportSummary[] = [];
  while (!signal.aborted) {
    for (const name of (await readdir(folder)).sort()) {
      if (signal.aborted) break;
      if (IN_PROGRESS.test(name)) continue;
      const path = join(folder, name);
      const info = await lstat(path).catch(() => undefined);
      if (!info || info.isDirectory()) continue;
      if (!info.isFile() || !(await inside(root, path))) {
        if (!refused.has(name)) logger.warn({ file: path }, 'not imported: a symbolic link, or not a regular file inside the folder');
        refused.add(name);
        continue;
      }
      const fingerprint = `${info.size}:${info.mtimeMs}`;
      if (seen.get(name) !== fingerprint) {
        seen.set(name, fingerprint); // settled only if unchanged at the next poll
        continue;
      }
      seen.delete(name);
      const attempts = await options.attemptsOf(path);
      if (attempts >= options.maxAttempts) {
        const reason = `its import was started ${attempts} times without finishing (the importer crashed or was killed on it); set aside after CSV_MAX_ATTEMPTS=${options.maxAttempts}`;
        await moveTo(folder, 'error', name, reason, logger);
        continue;
      }
      const summary = await options.importOne(path);
      summaries.push(summary);
      if (summary.outcome === 'stopped') break;
      await moveTo(folder, summary.outcome === 'failed' ? 'error' : 'done', name, summary.failure?.message, logger, summary);
    }
    if (!signal.aborted) await sleep(options.clock, options.pollMs, signal);
  }
  return summaries;
}

async function moveTo(folder: string, target: 'done' | 'error', name: string, reason: string | undefined, logger: Logger, summary?: ImportSummary): Promise<void> {
  const path = join(folder, name);
  const moved = await freeName(join(folder, target), name);
  await rename(path, moved);
  if (reason) await writeFile(`${moved}.error.txt`, `${reason}\n`);
  logger.info({ file: path, movedTo: moved, outcome: summary?.outcome ?? 'set-aside', rows: summary?.rows, badRows: summary?.badRows, reason }, `moved to ${target}/`);
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
