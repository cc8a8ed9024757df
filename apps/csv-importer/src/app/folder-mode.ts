import type { Logger } from '@quix-connectors/service';
import { sleep, type Clock } from '@quix-connectors/timing';
import type { Folder } from './folder.js';
import type { ImportSummary } from './import-file.js';

export interface FolderModeOptions {
  folder: Folder;
  pollMs: number;
  /** Imports one file (by its location); its identity makes a second import of the same content a no-op. */
  importOne(location: string): Promise<ImportSummary>;
  /** How many imports of this file were started before (the positions topic knows). */
  attemptsOf(location: string): Promise<number>;
  /** A file started this many times without finishing goes to error/. */
  maxAttempts: number;
  logger: Logger;
  signal: AbortSignal;
  clock: Clock;
}

/** Names never picked up: hidden files and the usual names of files still being written. */
const IN_PROGRESS = /^\.|\.(tmp|part|partial|crdownload|swp)$/i;

/**
 * Imports each new file of a folder (a local folder or an S3 prefix) once, in name order, moving
 * it to done/ (imported, or already imported) or error/ (a bad row under `fail`, a corrupt file,
 * or a file that crashed the importer `maxAttempts` times, with a `.error.txt` beside it saying
 * why). A file is taken only when its fingerprint (size and mtime, or size and ETag) did not
 * change over one poll, so a file still being written is left alone. Runs until `signal` aborts.
 */
export async function runFolderMode(options: FolderModeOptions): Promise<ImportSummary[]> {
  const { folder, logger, signal } = options;
  await folder.prepare();
  const seen = new Map<string, string>();
  const summaries: ImportSummary[] = [];
  while (!signal.aborted) {
    for (const { name, location, fingerprint } of await folder.list()) {
      if (signal.aborted) break;
      if (IN_PROGRESS.test(name)) continue;
      if (seen.get(name) !== fingerprint) {
        seen.set(name, fingerprint); // settled only if unchanged at the next poll
        continue;
      }
      seen.delete(name);
      const attempts = await options.attemptsOf(location);
      if (attempts >= options.maxAttempts) {
        const reason = `its import was started ${attempts} times without finishing (the importer crashed or was killed on it); set aside after CSV_MAX_ATTEMPTS=${options.maxAttempts}`;
        await moveTo(folder, 'error', name, location, reason, logger);
        continue;
      }
      const summary = await options.importOne(location);
      summaries.push(summary);
      if (summary.outcome === 'stopped') break;
      await moveTo(folder, summary.outcome === 'failed' ? 'error' : 'done', name, location, summary.failure?.message, logger, summary);
    }
    if (!signal.aborted) await sleep(options.clock, options.pollMs, signal);
  }
  return summaries;
}

async function moveTo(folder: Folder, target: 'done' | 'error', name: string, location: string, reason: string | undefined, logger: Logger, summary?: ImportSummary): Promise<void> {
  const moved = await folder.moveTo(target, name, reason);
  logger.info({ file: location, movedTo: moved, outcome: summary?.outcome ?? 'set-aside', rows: summary?.rows, badRows: summary?.badRows, reason }, `moved to ${target}/`);
}
