import { basename } from 'node:path';
import { createEncoder, nowNanos } from '@quix-connectors/message-schema';
import { kafkaClientOptions, resolveKafkaEndpoint, TransactionalPublisher, type KafkaEndpoint } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import type { CsvImporterConfig } from './csv-variables.js';
import { identifyFile } from './file-identity.js';
import { importFile, type ImportSummary } from './import-file.js';
import { decodePosition } from './position.js';
import { createProgress } from './progress.js';

export interface RunImportOptions {
  config: CsvImporterConfig;
  /** From resolveImporterEndpoint, once per process. */
  endpoint: KafkaEndpoint;
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
 * Plain Kafka or Quix Cloud, with the importer's topics resolved: on Quix Cloud the Portal API
 * creates the positions topic (compacted: a file's position must outlive any retention) and the
 * dead-letter topic as it does the output topic.
 */
export function resolveImporterEndpoint(config: CsvImporterConfig, logger: Logger): Promise<KafkaEndpoint> {
  const topics = importerTopics(config);
  return resolveKafkaEndpoint(config, logger, [
    { name: topics.positionsTopic, create: true, cleanupPolicy: 'compact' },
    ...(config.badRowPolicy === 'dead-letter' ? [{ name: topics.deadLetterTopic, create: config.createTopic }] : []),
  ]);
}

/** Quix Cloud scopes transactional ids to the workspace, as quixstreams does consumer groups. */
function scopedId(endpoint: KafkaEndpoint, id: string): string {
  return id.startsWith(endpoint.idPrefix) ? id : `${endpoint.idPrefix}${id}`;
}

/**
 * Imports one file exactly once: connects the transactional publisher (fencing an earlier
 * importer with the same transactional id), reads the file's committed position, resumes after it.
 */
export async function runImport(options: RunImportOptions): Promise<ImportSummary> {
  const { config, endpoint, logger } = options;
  const names = importerTopics(config);
  const kafkaTopic = (name: string) => endpoint.topicIds[name] ?? name;
  const topics = { output: kafkaTopic(config.topic), positions: kafkaTopic(names.positionsTopic), deadLetter: kafkaTopic(names.deadLetterTopic) };
  const file = await identifyFile(options.path);
  const publisher = new TransactionalPublisher({
    ...kafkaClientOptions(endpoint),
    groupIdPrefix: endpoint.idPrefix,
    clientId: 'csv-importer',
    transactionalId: scopedId(endpoint, names.transactionalId),
    stateTopic: topics.positions,
    dataTopics: config.badRowPolicy === 'dead-letter' ? [topics.output, topics.deadLetter] : [topics.output],
    createTopics: endpoint.createTopics,
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
        topic: topics.output,
        streamId: config.streamId ?? basename(file.path),
        csv: { header: config.header, columns: config.columns, delimiter: config.delimiter, comment: config.comment },
        rows: { timestampColumn: config.timestampColumn, timestampFormat: config.timestampFormat, tagColumns: config.tagColumns, skipColumns: config.skipColumns },
        badRowPolicy: config.badRowPolicy,
        deadLetterTopic: topics.deadLetter,
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
