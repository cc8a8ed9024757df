import type { Logger } from '@quix-connectors/service';
import { CorruptFileError } from './corrupt-file.js';
import type { ImportSummary } from './import-file.js';

/** One line per file: what it imported, how fast, and where it stopped if it did. */
export function reportSummary(logger: Logger, summary: ImportSummary): void {
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
    mbPerSecond: Math.round((summary.bytesThisRun / 1e6 / seconds) * 100) / 100,
  };
  if (summary.failure instanceof CorruptFileError) {
    logger.error({ ...fields, err: summary.failure }, `stopped: the file cannot be read: ${summary.failure.message}`);
  } else if (summary.failure) {
    const { badRow } = summary.failure;
    logger.error({ ...fields, badRow: { ...badRow, raw: badRow.raw.slice(0, 200) } }, `stopped at a bad row: ${summary.failure.message}`);
  } else {
    logger.info(fields, summary.outcome === 'already-imported' ? 'this file was already imported; nothing to do' : 'summary');
  }
}
