import { parse, variable, type ConfigOf, type ConfigProblem } from '@quix-connectors/config';
import { producerCrossChecks, producerVariables } from '@quix-connectors/quix-producer';
import { serviceVariables } from '@quix-connectors/service';
import { z } from 'zod';
import { STRFTIME_DIRECTIVES } from './strftime.js';
import { timestampParser } from './timestamp.js';

const list = () =>
  z.string().transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/** `iso`, an epoch unit or a strftime pattern; a pattern that does not compile is a config problem. */
const timestampFormat = () =>
  z.string().superRefine((value, ctx) => {
    try {
      timestampParser(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const publishing = producerVariables({ topic: 'csv-import' });
const service = serviceVariables({ port: 0 });

/** Everything csv-importer reads from the environment (the file may also come as the first argument). */
export const csvImporterVariables = {
  topic: publishing.topic,
  brokers: {
    ...publishing.brokers,
    description: 'Kafka bootstrap servers, comma-separated host:port. Connects to this plain Kafka cluster. This or a Quix SDK token is required: exactly-once import needs Kafka transactions.',
  },
  sdkToken: publishing.sdkToken,
  portalApi: publishing.portalApi,
  workspaceId: publishing.workspaceId,
  format: publishing.format,
  createTopic: publishing.createTopic,
  maxMessageBytes: publishing.maxMessageBytes,
  saslMechanism: publishing.saslMechanism,
  saslUsername: publishing.saslUsername,
  saslPassword: publishing.saslPassword,
  tls: publishing.tls,
  tlsCaFile: publishing.tlsCaFile,
  tlsCertFile: publishing.tlsCertFile,
  tlsKeyFile: publishing.tlsKeyFile,
  connectTimeoutMs: publishing.connectTimeoutMs,
  logLevel: service.logLevel,
  file: variable('CSV_FILE', parse.text().optional(), {
    description: 'The CSV file to import; the first command-line argument wins over it.',
  }),
  folder: variable('CSV_FOLDER', parse.text().optional(), {
    description: 'Folder mode: import each new file of this folder once, in name order, then move it to done/ or error/; runs until SIGTERM. Hidden, .tmp and .part files are left alone.',
  }),
  folderPollMs: variable('FOLDER_POLL_MS', parse.positiveInt().default(2000), {
    description: 'Folder mode: how often to look for new files, ms. A file is taken once its size and mtime held still for one poll.',
    defaultValue: '2000',
  }),
  header: variable('CSV_HEADER', parse.booleanFlag().default(true), {
    description: 'The first record holds the column names. With `false`, give them in CSV_COLUMNS.',
    defaultValue: 'true',
  }),
  columns: variable('CSV_COLUMNS', list().optional(), {
    description: 'Column names, comma-separated; with CSV_HEADER=true they replace the names in the header row.',
  }),
  delimiter: variable('CSV_DELIMITER', z.string().default('auto'), {
    description: 'Field delimiter: one character, `tab`, or `auto` (detects `,` `;` or tab from the first line).',
    defaultValue: 'auto',
  }),
  comment: variable('CSV_COMMENT', z.string().length(1, 'must be one character').optional(), {
    description: 'Lines starting with this character are comments and skipped (none by default).',
  }),
  timestampColumn: variable('TIMESTAMP_COLUMN', parse.text().optional(), {
    description: 'Column holding each row\'s time. Without it, rows are stamped with the import time.',
  }),
  timestampFormat: variable('TIMESTAMP_FORMAT', timestampFormat().default('iso'), {
    description: `How TIMESTAMP_COLUMN is written: \`iso\` (ISO 8601; without a zone it is UTC), epoch \`s\`, \`ms\`, \`us\`, \`ns\` (decimals allowed), or a strftime pattern such as \`%d/%m/%Y %H:%M:%S.%f\` (${STRFTIME_DIRECTIVES}; UTC unless %z).`,
    defaultValue: 'iso',
  }),
  tagColumns: variable('TAG_COLUMNS', list().default([]), {
    description: 'Columns published as tags (strings), comma-separated.',
  }),
  skipColumns: variable('SKIP_COLUMNS', list().default([]), {
    description: 'Columns left out, comma-separated.',
  }),
  badRowPolicy: variable('BAD_ROW_POLICY', parse.oneOf(['fail', 'skip', 'dead-letter']).default('fail'), {
    description: '`fail`: stop at the first bad row naming file, line, column and reason (exit 1); `skip`: log and count each; `dead-letter`: send the raw line and the reason to DEAD_LETTER_TOPIC.',
    defaultValue: 'fail',
  }),
  deadLetterTopic: variable('DEAD_LETTER_TOPIC', parse.text().optional(), {
    description: 'Topic for bad rows under BAD_ROW_POLICY=dead-letter. Default: `<output>-csv-dead-letter`.',
  }),
  positionsTopic: variable('POSITIONS_TOPIC', parse.text().optional(), {
    description: 'Compacted topic where the import position commits in the same transaction as the rows. Default: `<output>-csv-positions`.',
  }),
  transactionalId: variable('TRANSACTIONAL_ID', parse.text().optional(), {
    description: 'Kafka transactional id, stable across restarts so a restart fences a zombie. Default: `csv-importer-<output>`. Two importers running at once need different ones.',
  }),
  streamId: variable('STREAM_ID', parse.text().optional(), {
    description: 'Stream id (the Kafka message key). Default: the file name.',
  }),
  commitEveryRows: variable('COMMIT_EVERY_ROWS', parse.positiveInt().default(20_000), {
    description: 'Commit a transaction (rows and position) at least every this many rows.',
    defaultValue: '20000',
  }),
  commitEveryMs: variable('COMMIT_EVERY_MS', parse.positiveInt().default(1000), {
    description: 'Commit a transaction at least this often, ms, while rows are waiting.',
    defaultValue: '1000',
  }),
  replaySpeed: variable('REPLAY_SPEED', z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').default(0), {
    description: '0: as fast as possible. Above 0: replay at real time times this factor, paced by TIMESTAMP_COLUMN.',
    defaultValue: '0',
  }),
  progressIntervalMs: variable('PROGRESS_INTERVAL_MS', parse.positiveInt().default(10_000), {
    description: 'When stderr is not a terminal, log a progress line this often, ms (a terminal gets a progress bar).',
    defaultValue: '10000',
  }),
};

export type CsvImporterConfig = ConfigOf<typeof csvImporterVariables>;

/** Checks across variables, run once each is valid on its own. */
export function csvCrossChecks(config: CsvImporterConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!config.brokers && !config.sdkToken) {
    problems.push({ variable: 'Quix__Broker__Address', message: 'is required, or Quix__Sdk__Token as in a Quix deployment: exactly-once import needs Kafka transactions (neither is set)' });
  }
  for (const check of producerCrossChecks) problems.push(...check(config));
  if (config.file && config.folder) problems.push({ variable: 'CSV_FOLDER', message: 'set either CSV_FILE or CSV_FOLDER, not both' });
  if (!config.header && !config.columns) problems.push({ variable: 'CSV_COLUMNS', message: 'is required when CSV_HEADER=false (it is not set)' });
  if (config.replaySpeed > 0 && !config.timestampColumn) {
    problems.push({ variable: 'TIMESTAMP_COLUMN', message: 'is required when REPLAY_SPEED is above 0 (it is not set)' });
  }
  if (!['auto', 'tab', '\t'].includes(config.delimiter) && config.delimiter.length !== 1) {
    problems.push({ variable: 'CSV_DELIMITER', message: `must be one character, tab or auto (got ${JSON.stringify(config.delimiter)})` });
  }
  return problems;
}
