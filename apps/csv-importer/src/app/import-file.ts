import { setTimeout as sleep } from 'node:timers/promises';
import type { CsvError } from 'csv-parse';
import { MessageSchemaError, type StreamEncoder, type TimeseriesRow } from '@quix-connectors/message-schema';
import type { TransactionContent } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { badRowFromParseError, BadRowError, deadLetterValue, describeBadRow, type BadRow } from './bad-row.js';
import { openCsvParser } from './csv-parser.js';
import { delimiterOption } from './delimiter.js';
import type { FileIdentity } from './file-identity.js';
import { encodePosition, type ImportPosition } from './position.js';
import type { Progress } from './progress.js';
import { columnNames, createRowConverter, type ConverterOptions } from './row-converter.js';

/** Where committed work goes: one transaction of data and position. */
export interface Committer {
  commit(content: TransactionContent): Promise<void>;
}

export interface ImportOptions {
  file: FileIdentity;
  committer: Committer;
  encoder: StreamEncoder;
  topic: string;
  streamId: string;
  csv: { header: boolean; columns?: string[]; delimiter: string; comment?: string };
  rows: Omit<ConverterOptions, 'columns'>;
  badRowPolicy: 'fail' | 'skip' | 'dead-letter';
  deadLetterTopic: string;
  maxMessageBytes: number;
  commitEveryRows: number;
  commitEveryMs: number;
  replaySpeed: number;
  /** The committed position of this file from an earlier run. */
  resumeFrom?: ImportPosition;
  logger: Logger;
  progress: Progress;
  now: () => bigint;
  /** Wall time for pacing and commit intervals; tests pass a virtual one. */
  clock?: Clock;
  /** True once SIGTERM/SIGINT asked to stop: commit what is read and return. */
  stopRequested: () => boolean;
}

export interface ImportSummary {
  file: string;
  outcome: 'imported' | 'already-imported' | 'stopped' | 'failed';
  /** Rows and bad rows of this file in all runs, and of this run. */
  rows: number;
  badRows: number;
  rowsThisRun: number;
  /** Message bytes (values) this run wrote to the output topic, and how many messages. */
  bytesThisRun: number;
  messagesThisRun: number;
  durationMs: number;
  failure?: BadRowError;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: Clock = { now: Date.now, sleep: (ms) => sleep(ms) };

const MAX_TRANSACTION_BYTES = 16 * 1024 * 1024;

/**
 * Streams one CSV file into the topic. Rows go out in transactions, each with the position up
 * to which they account for the file, so a restart resumes exactly after the last commit.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const clock = options.clock ?? realClock;
  const started = clock.now();
  const { file, logger } = options;
  const resume = options.resumeFrom;
  const summary: ImportSummary = { file: file.path, outcome: 'imported', rows: resume?.rows ?? 0, badRows: resume?.badRows ?? 0, rowsThisRun: 0, bytesThisRun: 0, messagesThisRun: 0, durationMs: 0 };
  const finish = (outcome: ImportSummary['outcome']): ImportSummary => ({ ...summary, outcome, durationMs: clock.now() - started });
  if (resume?.done) return finish('already-imported');

  const parser = openCsvParser(file.path, {
    delimiter: delimiterOption(options.csv.delimiter, file.firstLine),
    comment: options.csv.comment,
    skipBadRecords: options.badRowPolicy !== 'fail',
  });
  // Errors csv-parse recovers from arrive as events, maybe ahead of the records before them;
  // they are placed by line among the records so a batch holds them in file order.
  const parseErrors: BadRow[] = [];
  parser.on('skip', (err: CsvError) => parseErrors.push(badRowFromParseError(file.path, err)));

  let convert = options.csv.header ? undefined : createRowConverter({ ...options.rows, columns: options.csv.columns ?? [] }, options.now);
  let rows: TimeseriesRow[] = [];
  let bad: BadRow[] = [];
  let batchBytes = 0;
  let lastCommit = clock.now();
  let position: ImportPosition = resume ?? { version: 1, path: file.path, size: file.size, records: 0, line: 0, bytes: 0, rows: 0, badRows: 0, done: false, committedAt: '' };
  const pace = options.replaySpeed > 0 ? { first: undefined as bigint | undefined, at: 0 } : undefined;

  // One transaction is in flight while the next batch is read and encoded; each waits for the one
  // before it, so positions commit in order. A failed commit surfaces at the next one or at the end.
  let inFlight: Promise<void> | undefined;
  const settle = async (): Promise<void> => {
    const pending = inFlight;
    inFlight = undefined;
    await pending;
  };
  const commit = async (next: Pick<ImportPosition, 'records' | 'line' | 'bytes'>, done: boolean): Promise<void> => {
    position = { ...position, ...next, path: file.path, size: file.size, rows: summary.rows, badRows: summary.badRows, done, committedAt: new Date().toISOString() };
    const messages = options.encoder.encodeRows(rows, options.maxMessageBytes).map((m) => ({ key: options.streamId, value: m.value, timestamp: m.timestampMs }));
    const deadLetters = options.badRowPolicy === 'dead-letter'
      ? bad.map((b) => ({ key: options.streamId, value: deadLetterValue(b, options.maxMessageBytes), timestamp: String(Date.now()) }))
      : [];
    summary.messagesThisRun += messages.length;
    for (const m of messages) summary.bytesThisRun += m.value.length;
    const content = {
      data: [{ topic: options.topic, messages }, { topic: options.deadLetterTopic, messages: deadLetters }],
      state: [{ key: file.id, value: encodePosition(position) }],
    };
    rows = [];
    bad = [];
    batchBytes = 0;
    lastCommit = clock.now();
    await settle();
    inFlight = options.committer.commit(content);
    inFlight.catch(() => undefined); // handled when settled
    if (done) await settle();
  };

  const badRow = (row: BadRow): BadRowError | undefined => {
    if (options.badRowPolicy === 'fail') return new BadRowError(row);
    summary.badRows += 1;
    logger.warn({ file: row.file, line: row.line, column: row.column, reason: row.reason }, `bad row ${options.badRowPolicy === 'skip' ? 'skipped' : 'dead-lettered'}: ${describeBadRow(row)}`);
    bad.push(row);
    return undefined;
  };

  let last = { records: position.records, line: position.line, bytes: position.bytes };
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { records: number; lines: number; bytes: number }; raw: string }>) {
      if (options.csv.header && info.records === 1) {
        convert = createRowConverter({ ...options.rows, columns: options.csv.columns ?? columnNames(record) }, options.now);
      }
      if (resume && info.records <= resume.records) {
        dropBefore(parseErrors, resume.line);
        continue;
      }
      if (options.stopRequested()) break;
      if (resume) dropBefore(parseErrors, resume.line);
      for (const error of takeBefore(parseErrors, info.lines)) {
        const failure = badRow(error);
        if (failure) return await fail(failure);
      }
      if (convert && !(options.csv.header && info.records === 1)) {
        const converted = convert(record);
        const problem = 'problem' in converted ? converted.problem : tooLarge(converted.row, raw, options);
        if (problem) {
          const failure = badRow({ file: file.path, line: info.lines, ...problem, raw });
          if (failure) return await fail(failure);
        } else if ('row' in converted) {
          if (pace) await waitForReplay(converted.row.timestamp);
          rows.push(converted.row);
          summary.rows += 1;
          summary.rowsThisRun += 1;
          batchBytes += raw.length;
        }
      }
      last = { records: info.records, line: info.lines, bytes: info.bytes };
      options.progress.update({ bytes: info.bytes, totalBytes: file.size, rows: summary.rows, badRows: summary.badRows });
      if (rows.length + bad.length >= options.commitEveryRows || batchBytes >= MAX_TRANSACTION_BYTES || clock.now() - lastCommit >= options.commitEveryMs) {
        await commit(last, false);
      }
    }
  } catch (err) {
    if (!(err instanceof Error && 'code' in err && String(err.code).startsWith('CSV_'))) {
      parser.destroy();
      throw err;
    }
    return await fail(new BadRowError(badRowFromParseError(file.path, err as CsvError)));
  }
  if (options.stopRequested()) {
    await commit(last, false);
    await settle();
    parser.destroy();
    return finish('stopped');
  }
  if (resume) dropBefore(parseErrors, resume.line);
  for (const error of parseErrors.splice(0)) {
    const failure = badRow(error);
    if (failure) return await fail(failure);
  }
  await commit(last, true);
  return finish('imported');

  async function fail(failure: BadRowError): Promise<ImportSummary> {
    parser.destroy();
    await commit(last, false); // the good rows before the bad one stay imported
    await settle();
    return { ...finish('failed'), failure };
  }

  async function waitForReplay(timestamp: bigint): Promise<void> {
    if (!pace) return;
    if (pace.first === undefined) {
      pace.first = timestamp;
      pace.at = clock.now();
      return;
    }
    const due = pace.at + Number(timestamp - pace.first) / 1e6 / options.replaySpeed;
    if (due <= clock.now()) return;
    if (rows.length + bad.length > 0) await commit(last, false); // make what is due visible now
    await settle();
    while (clock.now() < due && !options.stopRequested()) await clock.sleep(Math.min(due - clock.now(), 200));
  }
}

function takeBefore(errors: BadRow[], line: number): BadRow[] {
  let n = 0;
  while (n < errors.length && errors[n].line < line) n++;
  return errors.splice(0, n);
}

function dropBefore(errors: BadRow[], line: number): void {
  takeBefore(errors, line);
}

/** A row whose message alone would exceed the size cap is a bad row, not a crash. */
function tooLarge(row: TimeseriesRow, raw: string, options: ImportOptions) {
  if (raw.length < options.maxMessageBytes / 4) return undefined;
  try {
    options.encoder.encodeRows([row], options.maxMessageBytes);
    return undefined;
  } catch (err) {
    if (err instanceof MessageSchemaError && err.code === 'MESSAGE_TOO_LARGE') return { reason: `encodes to more than MAX_MESSAGE_BYTES (${options.maxMessageBytes}): ${err.message}` };
    throw err;
  }
}
