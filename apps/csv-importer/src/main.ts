import { ConfigError, loadConfig } from '@quix-connectors/config';
import { createLogger, logProcessWarnings } from '@quix-connectors/service';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveImporterEndpoint, runImport } from './app/csv-importer.js';
import { runFolderMode } from './app/folder-mode.js';
import type { ImportSummary } from './app/import-file.js';
import { csvCrossChecks, csvImporterVariables, type CsvImporterConfig } from './app/csv-variables.js';

// A Job, not a Service: it ends when the file is imported (exit 0 with a summary), on a bad row
// under BAD_ROW_POLICY=fail (exit 1), or on SIGTERM/SIGINT after committing what it read (exit 0).

let config: CsvImporterConfig;
try {
  config = loadConfig(csvImporterVariables, process.env, [csvCrossChecks]);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`csv-importer: ${error.message}\n`);
  process.exit(1);
}
const path = process.argv[2] ?? config.file;
if (!path && !config.folder) {
  process.stderr.write('csv-importer: Invalid configuration (1 problem):\n  - CSV_FILE: name the file to import, as the first argument or in CSV_FILE, or a folder in CSV_FOLDER (it is not set)\n');
  process.exit(1);
}

const logger = createLogger({ name: 'csv-importer', level: config.logLevel });
logProcessWarnings(logger);
let stopRequested = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopRequested) process.exit(130); // a second signal: stop now; the last commit stands
    stopRequested = true;
    logger.info({ signal }, 'stopping: no more rows are read; committing what was read');
  });
}


function report(summary: ImportSummary): void {
  const seconds = Math.max(summary.durationMs / 1000, 0.001);
  const fields = {
    file: summary.file,
    outcome: summary.outcome,
    rows: summary.rows,
    badRows: summary.badRows,
    rowsThisRun: summary.rowsThisRun,
    messagesThisRun: summary.messagesThisRun,
    bytesThisRun: summary.bytesThisRun,
    durationMs: summary.durationMs,
    rowsPerSecond: Math.round(summary.rowsThisRun / seconds),
    mbPerSecond: Math.round(summary.bytesThisRun / 1e6 / seconds * 100) / 100,
  };
  if (summary.failure) {
    logger.error({ ...fields, err: summary.failure, badRow: { ...summary.failure.badRow, raw: summary.failure.badRow.raw.slice(0, 200) } }, `stopped at a bad row: ${summary.failure.message}`);
    process.exitCode = 1;
  } else {
    logger.info(fields, summary.outcome === 'already-imported' ? 'this file was already imported; nothing to do' : 'summary');
  }
}

try {
  const endpoint = await resolveImporterEndpoint(config, logger);
  const importOne = (file: string) => runImport({ config, endpoint, path: file, logger, tty: process.stderr.isTTY === true, stopRequested: () => stopRequested });
  if (config.folder && !path) {
    const folder = config.folder;
    logger.info({ folder, pollMs: config.folderPollMs }, 'watching the folder for new files');
    const summaries = await runFolderMode({
      folder,
      pollMs: config.folderPollMs,
      importOne: async (file) => {
        const summary = await importOne(file);
        report(summary);
        process.exitCode = 0; // a failed file goes to error/; the folder goes on
        return summary;
      },
      logger,
      stopRequested: () => stopRequested,
      sleep: async (ms) => {
        for (const end = Date.now() + ms; Date.now() < end && !stopRequested; ) await sleep(Math.min(100, end - Date.now()));
      },
    });
    logger.info({ files: summaries.length, rows: summaries.reduce((n, s) => n + s.rowsThisRun, 0) }, 'folder mode stopped');
  } else if (path) {
    report(await importOne(path));
  }
} catch (err) {
  logger.fatal({ err }, `cannot import ${path ?? config.folder}: ${(err as Error).message}`);
  process.exitCode = 1;
}
