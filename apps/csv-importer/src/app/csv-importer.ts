import { basename } from 'node:path';
import { createEncoder } from '@quix-connectors/message-schema';
import { deadLetterTopicOf, type TransactionalStream } from '@quix-connectors/quix-producer';
import type { TransactionalContext } from '@quix-connectors/service';
import type { CsvImporterConfig } from './csv-variables.js';
import { identifyFile, type FileIdentity } from './file-identity.js';
import { runFolderMode } from './folder-mode.js';
import { importFile, type ImportSummary } from './import-file.js';
import { decodePosition, encodePosition } from './position.js';
import { createProgress } from './progress.js';
import { createSources, type Sources } from './sources.js';
import { reportSummary } from './summary.js';

/** The topics an importer writes, with their defaults derived from the output topic. */
export function importerTopics(config: CsvImporterConfig) {
  return {
    deadLetterTopic: deadLetterTopicOf(config),
    positionsTopic: config.positionsTopic ?? `${config.topic}-csv-positions`,
    transactionalId: config.transactionalId ?? `csv-importer-${config.topic}`,
  };
}

type Context = TransactionalContext<CsvImporterConfig>;

/**
 * The job: one file (the argument or CSV_FILE), or every new file of CSV_FOLDER until stopped.
 * Throws (exit 1) when a file stops at a bad row under BAD_RECORD_POLICY=fail in single-file mode.
 */
export async function runImporter(context: Context, argument: string | undefined): Promise<void> {
  const { config, logger } = context;
  const sources = createSources(config);
  const path = argument ?? config.file;
  if (path) {
    const summary = await importOne(context, sources, path);
    reportSummary(logger, summary);
    if (summary.failure) throw summary.failure;
    return;
  }
  const folder = config.folder as string;
  logger.info({ folder, pollMs: config.folderPollMs }, 'watching the folder for new files');
  const summaries = await runFolderMode({
    folder: sources.folder(folder, logger),
    pollMs: config.folderPollMs,
    maxAttempts: config.maxAttempts,
    attemptsOf: async (file) => (await identify(context, sources, file)).attempts,
    importOne: async (file) => {
      const summary = await importOne(context, sources, file);
      reportSummary(logger, summary);
      return summary;
    },
    logger,
    signal: context.signal,
    clock: context.clock,
  });
  logger.info({ files: summaries.length, rows: summaries.reduce((n, s) => n + s.rowsThisRun, 0) }, 'folder mode stopped');
}

/** Identities of files not changed since they were hashed (folder mode asks twice). */
const identities = new Map<string, Promise<FileIdentity>>();

/** A file's identity and what the positions topic says of it. */
async function identify(context: Context, sources: Sources, location: string) {
  const { source, version } = await sources.open(location);
  const key = `${location}\u0000${version}`;
  let identity = identities.get(key);
  if (!identity) {
    identities.clear();
    identity = identifyFile(source);
    identities.set(key, identity);
  }
  const file = await identity;
  const position = decodePosition(context.state.get(file.id));
  return { file, position, attempts: position?.attempts ?? 0 };
}

/**
 * Imports one file exactly once: resumes after its committed position, counts the attempt in
 * the positions topic first (so a file that keeps crashing the importer can be set aside).
 */
async function importOne(context: Context, sources: Sources, location: string): Promise<ImportSummary> {
  const { config, logger, transactions } = context;
  const { file, position: committed } = await identify(context, sources, location);
  const topics = importerTopics(config);
  let position = committed;
  // A file found corrupt while identifying it fails at once, with nothing written for it.
  if (!committed?.done && !file.problem) {
    position = { ...(committed ?? emptyPosition(file)), attempts: (committed?.attempts ?? 0) + 1 };
    await transactions.commit({ data: [], state: [{ key: file.id, value: encodePosition(position) }] });
    context.state.set(file.id, encodePosition(position));
  }
  const resumeFrom = committed?.records ? committed : undefined;
  logger.info({ file: file.path, id: file.id, bytes: file.size, topic: config.topic, format: config.format, resumeFrom }, resumeFrom ? 'resuming after the committed position' : 'importing');
  const stream: TransactionalStream = transactions.stream(config.streamId ?? basename(file.path), {
    properties: { name: basename(file.path), location: '/csv', metadata: { source: 'csv-importer', file: basename(file.path) } },
  });
  const deadLetters = transactions.stream(stream.streamId, { topic: context.topicId(topics.deadLetterTopic) });
  const progress = createProgress({ tty: process.stderr.isTTY === true, intervalMs: config.progressIntervalMs, logger, file: file.path });
  try {
    const summary = await importFile({
      file,
      committer: transactions,
      stream,
      endStream: config.streamId === undefined,
      deadLetters,
      encoder: createEncoder(config.format),
      csv: { header: config.header, columns: config.columns, delimiter: config.delimiter, comment: config.comment, maxRecordChars: config.maxRecordChars },
      rows: { timestampColumn: config.timestampColumn, timestampFormat: config.timestampFormat, tagColumns: config.tagColumns, skipColumns: config.skipColumns },
      badRowPolicy: config.badRecordPolicy,
      maxMessageBytes: config.maxMessageBytes,
      commitEveryRows: config.commitEveryRows,
      commitEveryMs: config.commitEveryMs,
      replaySpeed: config.replaySpeed,
      resumeFrom: position,
      logger,
      progress,
      clock: context.clock,
      stopRequested: () => context.signal.aborted,
    });
    if (summary.lastPosition) context.state.set(file.id, encodePosition(summary.lastPosition));
    if (config.streamId === undefined) transactions.forget(stream);
    return summary;
  } finally {
    progress.stop();
  }
}

function emptyPosition(file: { path: string; size: number }) {
  return { version: 1 as const, path: file.path, size: file.size, records: 0, line: 0, bytes: 0, rows: 0, badRows: 0, done: false, committedAt: '', attempts: 0 };
}
