import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FakeClock } from '@quix-connectors/timing/testing';
import pino from 'pino';
import { numberedCsv, tortureDir } from '../test-support/torture.js';
import { localFolder } from './folder.js';
import { runFolderMode } from './folder-mode.js';
import type { ImportSummary } from './import-file.js';

const logger = pino({ level: 'silent' });
/** The folder is read for real: let the file system answer before time moves on. */
const tick = async (clock: FakeClock, ms = 100) => {
  await new Promise((r) => setTimeout(r, 20));
  await clock.advance(ms);
};
const summary = (file: string, outcome: ImportSummary['outcome'] = 'imported'): ImportSummary => ({ file, outcome, rows: 1, badRows: 0, rowsThisRun: 1, bytesThisRun: 1, messagesThisRun: 1, durationMs: 1 });

/** Runs folder mode until `until()` holds (polls on a fake clock), then stops it. */
async function runUntil(folder: string, until: () => boolean, options: { attempts?: (path: string) => number; imported?: string[] } = {}) {
  const clock = new FakeClock();
  const stop = new AbortController();
  const running = runFolderMode({
    folder: localFolder(folder, logger),
    pollMs: 100,
    maxAttempts: 3,
    attemptsOf: async (path) => options.attempts?.(path) ?? 0,
    importOne: async (path) => {
      options.imported?.push(path);
      return summary(path);
    },
    logger,
    signal: stop.signal,
    clock,
  });
  for (let i = 0; i < 100 && !until(); i++) await tick(clock);
  stop.abort();
  await running;
}

describe('folder mode', () => {
  it('refuses symbolic links, even to a file inside the folder, and imports the regular files', async () => {
    const dir = tortureDir();
    dir.write('real.csv', numberedCsv(2));
    const outside = tortureDir().write('secret.txt', 'root:x:0:0\n');
    symlinkSync(outside, join(dir.dir, 'passwd.csv'));
    symlinkSync(join(dir.dir, 'real.csv'), join(dir.dir, 'again.csv'));
    const imported: string[] = [];
    await runUntil(dir.dir, () => existsSync(join(dir.dir, 'done/real.csv')), { imported });
    expect(imported.map((p) => p.split('/').pop())).toEqual(['real.csv']);
    expect(existsSync(join(dir.dir, 'passwd.csv'))).toBe(true); // left where it is, never read
  });

  it('sets aside a file that crashed the importer CSV_MAX_ATTEMPTS times, saying why, instead of retrying it forever', async () => {
    const dir = tortureDir();
    dir.write('poison.csv', numberedCsv(2));
    dir.write('fine.csv', numberedCsv(2));
    const imported: string[] = [];
    await runUntil(dir.dir, () => existsSync(join(dir.dir, 'error/poison.csv')) && existsSync(join(dir.dir, 'done/fine.csv')), {
      imported,
      attempts: (path) => (path.endsWith('poison.csv') ? 3 : 0),
    });
    expect(imported.map((p) => p.split('/').pop())).toEqual(['fine.csv']);
    expect(readFileSync(join(dir.dir, 'error/poison.csv.error.txt'), 'utf8')).toMatch(/started 3 times without finishing.*CSV_MAX_ATTEMPTS=3/);
  });
});
