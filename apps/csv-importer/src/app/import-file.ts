import type { CsvError } from 'csv-parse';
import { MessageSchemaError, nowNanos, type StreamEncoder, type TimeseriesRow } from '@quix-connectors/message-schema';
import { deadLetterEvent, type CommitOptions, type TransactionalStream, type TransactionContent } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { ReportThrottle, sleep, systemClock, type Clock } from '@quix-connectors/timing';
import { badRowFromParseError, BadRowError, describeBadRow, toBadRecord, type BadRow } from './bad-row.js';
import { readRawBytes } from './raw-bytes.js';
import { openContent } from './content.js';
import { CorruptFileError } from './corrupt-file.js';
import { linesOf, openCsvParser, recordStartLine, recordText } from './csv-parser.js';
import { delimiterOption } from './delimiter.js';
import type { FileIdentity } from './file-identity.js';
import { encodePosition, type ImportPosition } from './position.js';
import type { Progress } from './progress.js';
import { columnNames, createRowConverter, type ConverterOptions } from './row-converter.js';

/** Where committed work goes: one transaction of data and position. */
export interface Committer {
  commit(content: TransactionContent, options?: CommitOptions): Promise<void>;
}

export interface ImportOptions {
  file: FileIdentity;
  committer: Committer;
  /** The file's stream: rows go out as its messages, its properties first, its end with the last rows. */
  stream: TransactionalStream;
  /** Whether the file's last commit ends the stream (a stream of its own, not one shared by STREAM_ID). */
  endStream?: boolean;
  /** The dead-letter topic's stream (BAD_RECORD_POLICY=dead-letter). */
  deadLetters: TransactionalStream;
  /** Checks a large row's size before it joins a batch (the stream's format). */
  encoder: StreamEncoder;
  csv: { header: boolean; columns?: string[]; delimiter: string; comment?: string; maxRecordChars?: number };
  rows: Omit<ConverterOptions, 'columns'>;
  badRowPolicy: 'fail' | 'skip' | 'dead-letter';
  maxMessageBytes: number;
  commitEveryRows: number;
  commitEveryMs: number;
  replaySpeed: number;
  /** The committed position of this file from an earlier run. */
  resumeFrom?: ImportPosition;
  logger: Logger;
  progress: Progress;
  /** Stamps rows without a timestamp column (default: now). */
  now?: () => bigint;
  /** Wall time for pacing and commit intervals; tests pass a FakeClock. */
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
  /** Why the file stopped: a bad row under `fail`, or a file that cannot be read as it claims (a truncated .gz). */
  failure?: BadRowError | CorruptFileError;
  /** The position of the last commit of this run. */
  lastPosition?: ImportPosition;
}

const MAX_TRANSACTION_BYTES = 16 * 1024 * 1024;

/**
 * Streams one CSV file into the topic. Rows go out in transactions, each with the position up
 * to which they account for the file, so a restart resumes exactly after the last commit.
 */
export async function importFile(options: ImportOptions): Promise<ImportSummary> {
  const clock = options.clock ?? systemClock;
  const now = options.now ?? nowNanos;
  const throttle = new ReportThrottle(clock, 10_000);
  const started = clock.now();
  const { file, logger } = options;
  const resume = options.resumeFrom;
  const summary: ImportSummary = { file: file.path, outcome: 'imported', rows: resume?.rows ?? 0, badRows: resume?.badRows ?? 0, rowsThisRun: 0, bytesThisRun: 0, messagesThisRun: 0, durationMs: 0 };
  let position: ImportPosition = resume ?? { version: 1, path: file.path, size: file.size, records: 0, line: 0, bytes: 0, rows: 0, badRows: 0, done: false, committedAt: '', attempts: 0 };
  const finish = (outcome: ImportSummary['outcome']): ImportSummary => ({ ...summary, outcome, durationMs: clock.now() - started, lastPosition: position });
  if (resume?.done) return finish('already-imported');
  // Found while identifying it, before any row was sent: the file fails whole.
  if (file.problem) return { ...finish('failed'), failure: file.problem };

  let content;
  try {
    content = await openContent(file.source, file.compression);
  } catch (err) {
    if (err instanceof CorruptFileError) return { ...finish('failed'), failure: err };
    throw err;
  }
  const { parser, position: parsed } = openCsvParser(content.stream, {
    delimiter: delimiterOption(options.csv.delimiter, file.firstLine),
    comment: options.csv.comment,
    // Every policy, `fail` included, reads on: errors arrive as events and are placed among the
    // records by line, so the rows before a bad one are imported whatever the policy.
    skipBadRecords: true,
    maxRecordChars: options.csv.maxRecordChars,
  });
  // The bytes of the record under way begin at the end of the one before it.
  let recordStartBytes = resume?.bytes ?? 0;
  // The record csv-parse stopped on: the line it began on, counted back from the error's own
  // position (the last record read may be several bad records and blank lines back), and its text.
  const parseErrorRecord = (err: CsvError) => {
    const { lines, raw } = err;
    const text = typeof raw === 'string' ? raw : '';
    const line = typeof lines === 'number' ? recordStartLine(lines, text, options.csv.comment) : parsed.lines + 1;
    return { line, text: recordText(text, options.csv.comment) };
  };
  // Errors csv-parse recovers from arrive as events, maybe ahead of the records before them;
  // they are placed by line among the records so a batch holds them in file order.
  const parseErrors: BadRow[] = [];
  let oversized: BadRow | undefined;
  parser.on('skip', (err: CsvError) => {
    if (oversized) return; // past it, csv-parse's errors are not the file's
    const row = badRowFromParseError(file.path, err, parseErrorRecord(err));
    // csv-parse cannot read on reliably past a record over max_record_size: the file stops there.
    if (err.code === 'CSV_MAX_RECORD_SIZE') oversized ??= row;
    else parseErrors.push(row);
  });

  // The column names' characters (one more each for a reserved name's "_"): a message carries them too.
  let namesChars = 0;
  const converterFor = (columns: readonly string[]) => {
    namesChars = columns.reduce((n, name) => n + name.length + 1, 0);
    return createRowConverter({ ...options.rows, columns }, now);
  };
  let convert = options.csv.header ? undefined : converterFor(options.csv.columns ?? []);
  let rows: TimeseriesRow[] = [];
  let bad: BadRow[] = [];
  let batchBytes = 0;
  let lastCommit = clock.now();
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
    const data = options.stream.rows(rows);
    const messages = [...data.messages, ...(done && options.endStream ? options.stream.end().messages : [])];
    const deadLetters = options.badRowPolicy === 'dead-letter' && bad.length > 0
      ? [options.deadLetters.events(bad.map((b) => deadLetterEvent(toBadRecord(b, exactBytes ? readRawBytes(b) : undefined), 'csv-importer', nowNanos(), options.maxMessageBytes)))]
      : [];
    summary.messagesThisRun += data.messages.length;
    for (const m of data.messages) summary.bytesThisRun += m.value.length;
    const content = {
      data: [{ topic: data.topic, messages }, ...deadLetters],
      state: [{ key: file.id, value: encodePosition(position) }],
    };
    const items = rows.length;
    rows = [];
    bad = [];
    batchBytes = 0;
    lastCommit = clock.now();
    await settle();
    // Not committed means not lost: the next run reads these rows again from the committed position.
    inFlight = options.committer.commit(content, { items, replayable: true });
    inFlight.catch(() => undefined); // handled when settled
    if (done) await settle();
  };

  const badRow = (row: BadRow): BadRowError | undefined => {
    if (options.badRowPolicy === 'fail') return new BadRowError(row);
    summary.badRows += 1;
    const verdict = throttle.take(row.reason.replace(/\d+/g, '#'));
    if (verdict.report) {
      logger.warn(
        { file: row.file, line: row.line, column: row.column, reason: row.reason, alsoSinceLastReport: verdict.suppressed, badRows: summary.badRows },
        `bad row ${options.badRowPolicy === 'skip' ? 'skipped' : 'dead-lettered'}: ${describeBadRow(row)}`,
      );
    }
    bad.push(row);
    return undefined;
  };

  // A bad row's exact bytes are read back from a plain local file; of a compressed or remote one,
  // the dead letter keeps the text csv-parse decoded.
  const exactBytes = file.compression === 'none' && file.source.localPath !== undefined;
  let last = { records: position.records, line: position.line, bytes: position.bytes };
  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { records: number; lines: number; bytes: number }; raw: string }>) {
      if (options.csv.header && info.records === 1) {
        convert = converterFor(options.csv.columns ?? columnNames(record));
      }
      if (oversized && info.lines >= oversized.line) break; // what csv-parse makes of the rest is not the file
      const startBytes = recordStartBytes;
      recordStartBytes = info.bytes;
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
        const problem = 'problem' in converted ? converted.problem : tooLarge(converted.row, raw.length + namesChars, record.length, options);
        if (problem) {
          const line = recordStartLine(info.lines, raw, options.csv.comment); // counted only for a bad row
          const bytes = { start: startBytes, end: info.bytes, lines: linesOf(recordText(raw, options.csv.comment)) };
          const failure = badRow({ file: file.path, line, ...problem, raw, bytes });
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
      options.progress.update({ bytes: content.progressBytes(info.bytes), totalBytes: file.size, rows: summary.rows, badRows: summary.badRows });
      if (rows.length + bad.length >= options.commitEveryRows || batchBytes >= MAX_TRANSACTION_BYTES || clock.now() - lastCommit >= options.commitEveryMs) {
        await commit(last, false);
      }
    }
  } catch (err) {
    if (err instanceof CorruptFileError) {
      // The batch read since the last commit is dropped, never sent. Identifying the file read it
      // whole, so this happens only when its bytes changed since: the commits before stand.
      parser.destroy();
      await settle();
      return { ...finish('failed'), failure: err };
    }
    if (!(err instanceof Error && 'code' in err && String(err.code).startsWith('CSV_'))) {
      parser.destroy();
      throw err;
    }
    return await fail(new BadRowError(badRowFromParseError(file.path, err as CsvError, parseErrorRecord(err as CsvError))));
  }
  if (oversized) {
    // Reported under every policy (dead-lettered too), and the file ends there: nothing past it
    // can be read reliably. The rows before it stay imported.
    // Every error still waiting came before it (a bad quote whose record ran on into it shares its line).
    if (resume) dropBefore(parseErrors, resume.line);
    for (const error of parseErrors.splice(0)) {
      const failure = badRow(error);
      if (failure) return await fail(failure);
    }
    if (options.badRowPolicy !== 'fail') badRow(oversized);
    return await fail(new BadRowError(oversized));
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
    while (clock.now() < due && !options.stopRequested()) await sleep(clock, Math.min(due - clock.now(), 200));
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

/**
 * A row whose message alone would exceed the size cap is a bad row, not a crash nor a message the
 * stream refuses later. Only a row that might exceed it is encoded to find out: one whose record
 * and column names (`chars`), at 6 bytes a character (a JSON escape such as \u0001), with some
 * framing per field and per message, could reach the cap.
 */
function tooLarge(row: TimeseriesRow, chars: number, fields: number, options: ImportOptions) {
  if (6 * chars + 16 * fields + 1024 < options.maxMessageBytes) return undefined;
  try {
    options.encoder.encodeRows([row], options.maxMessageBytes);
    return undefined;
  } catch (err) {
    if (err instanceof MessageSchemaError && err.code === 'MESSAGE_TOO_LARGE') return { reason: `encodes to more than MAX_MESSAGE_BYTES (${options.maxMessageBytes}): ${err.message}` };
    throw err;
  }
}
