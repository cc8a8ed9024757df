import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '@quix-connectors/service';
import type { ImportSummary } from './import-file.js';

export interface FolderModeOptions {
  folder: string;
  pollMs: number;
  /** Imports one file; its identity makes a second import of the same content a no-op. */
  importOne(path: string): Promise<ImportSummary>;
  logger: Logger;
  stopRequested: () => boolean;
  sleep: (ms: number) => Promise<void>;
}

/** Names never picked up: hidden files and the usual names of files still being written. */
const IN_PROGRESS = /^\.|\.(tmp|part|partial|crdownload|swp)$/i;

/**
 * Imports each new file of a folder once, in name order, moving it to done/ (imported, or
 * already imported) or error/ (a bad row under `fail`, with a `.error.txt` beside it). A file is
 * taken only when its size and mtime did not change over one poll, so a file still being
 * written is left alone; writers should still write under a temporary name and rename.
 * Runs until a stop is requested.
 */
export async function runFolderMode(options: FolderModeOptions): Promise<ImportSummary[]> {
  const { folder, logger } = options;
  await mkdir(join(folder, 'done'), { recursive: true });
  await mkdir(join(folder, 'error'), { recursive: true });
  const seen = new Map<string, string>();
  const summaries: ImportSummary[] = [];
  while (!options.stopRequested()) {
    for (const name of (await readdir(folder)).sort()) {
      if (options.stopRequested()) break;
      if (IN_PROGRESS.test(name)) continue;
      const path = join(folder, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      const fingerprint = `${info.size}:${info.mtimeMs}`;
      if (seen.get(name) !== fingerprint) {
        seen.set(name, fingerprint); // settled only if unchanged at the next poll
        continue;
      }
      const summary = await options.importOne(path);
      summaries.push(summary);
      if (summary.outcome === 'stopped') break;
      seen.delete(name);
      const target = summary.outcome === 'failed' ? 'error' : 'done';
      const moved = await freeName(join(folder, target), name);
      await rename(path, moved);
      if (summary.failure) await writeFile(`${moved}.error.txt`, `${summary.failure.message}\n`);
      logger.info({ file: path, movedTo: moved, outcome: summary.outcome, rows: summary.rows, badRows: summary.badRows }, `moved to ${target}/`);
    }
    if (!options.stopRequested()) await options.sleep(options.pollMs);
  }
  return summaries;
}

async function freeName(dir: string, name: string): Promise<string> {
  const wanted = join(dir, name);
  if (!(await stat(wanted).catch(() => undefined))) return wanted;
  return join(dir, `${Date.now()}-${basename(name)}`);
}
