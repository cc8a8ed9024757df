import { basename } from 'node:path';
import { createEncoder, nowNanos } from '@quix-connectors/message-schema';
import { TransactionalPublisher } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import type { CsvImporterConfig } from './csv-variables.js';
import { identifyFile } from './file-identity.js';
import { importFile, type ImportSummary } from './import-file.js';
import { decodePosition } from './position.js';
import { createProgress } from './progress.js';

export interface RunImportOptions {
  config: CsvImporterConfig;
  path: string;
  logger: Logger;
  tty: boolean;
  stopRequested: () => boolean;
}

/** The topics an importer writes, with their defaults derived from the output topic. */
export function importerTopics(config: CsvImporterConfig) {
  return {
    deadLetterTopic: config.deadLetterTopic ?? `${config.topic}-csv-dead-letter`,
    positionsTopic: config.positionsTopic ?? `${config.topic}-csv-positions`,
    transactionalId: config.transactionalId ?? `csv-importer-${config.topic}`,
  };
}

/**
 * Imports one file exactly once: connects the transactional publisher (fencing an earlier
 * importer with the same transactional id), reads the file's committed position, resumes after it.
 */
export async function runImport(options: RunImportOptions): Promise<ImportSummary> {
  const { config, logger } = options;
  const topics = importerTopics(config);
  const file = await identifyFile(options.path);
  const publisher = new TransactionalPublisher({
    brokers: config.brokers ?? [],
    clientId: 'csv-importer',
    transactionalId: topics.transactionalId,
    stateTopic: topics.positionsTopic,
    dataTopics: config.badRowPolicy === 'dead-letter' ? [config.topic, topics.deadLetterTopic] : [config.topic],
    createTopics: config.createTopic,
    connectTimeoutMs: config.connectTimeoutMs,
    logger,
  });
  const state = await publisher.connect();
  try {
    const resumeFrom = decodePosition(state.get(file.id));
    logger.info({ file: file.path, id: file.id, bytes: file.size, destination: publisher.description, topic: config.topic, format: config.format, resumeFrom }, resumeFrom ? 'resuming after the committed position' : 'importing');
    const progress = createProgress({ tty: options.tty, intervalMs: config.progressIntervalMs, logger, file: file.path });
    try {
      return await importFile({
        file,
        committer: publisher,
        encoder: createEncoder(config.format),
        topic: config.topic,
        streamId: config.streamId ?? basename(file.path),
        csv: { header: config.header, columns: config.columns, delimiter: config.delimiter, comment: config.comment },
        rows: { timestampColumn: config.timestampColumn, timestampFormat: config.timestampFormat, tagColumns: config.tagColumns, skipColumns: config.skipColumns },
        badRowPolicy: config.badRowPolicy,
        deadLetterTopic: topics.deadLetterTopic,
        maxMessageBytes: config.maxMessageBytes,
        commitEveryRows: config.commitEveryRows,
        commitEveryMs: config.commitEveryMs,
        replaySpeed: config.replaySpeed,
        resumeFrom,
        logger,
        progress,
        now: nowNanos,
        stopRequested: options.stopRequested,
      });
    } finally {
      progress.stop();
    }
  } finally {
    await publisher.disconnect();
  }
}
