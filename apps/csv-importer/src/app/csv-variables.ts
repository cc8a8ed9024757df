import { parse, variable, type ConfigOf, type ConfigProblem } from '@quix-connectors/config';
import { baseVariables } from '@quix-connectors/service';
import { z } from 'zod';
import { blobStorageConnection } from './blob-storage-connection.js';
import { isS3Url, s3UrlProblem } from './s3-location.js';
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

/** Everything csv-importer reads from the environment (the file may also come as the first argument). */
export const csvImporterVariables = {
  // A job a person watches: a bad row stops it by default, naming file, line and column.
  ...baseVariables({ topic: 'csv-import', port: 0, badRecordPolicy: 'fail', badRecordPolicyAliases: ['BAD_ROW_POLICY'] }),
  file: variable('CSV_FILE', parse.text().optional(), {
    description: 'The CSV file to import (plain, .gz, .zst or .zip), a path or `s3://bucket/key`; the first command-line argument wins over it.',
  }),
  folder: variable('CSV_FOLDER', parse.text().optional(), {
    description: 'Folder mode: import each new file of this folder (a path, or an S3 prefix `s3://bucket/prefix/`) once, in name order, then move it to done/ or error/; runs until SIGTERM. Hidden, .tmp and .part files are left alone.',
  }),
  folderPollMs: variable('FOLDER_POLL_MS', parse.durationMs({ max: 3_600_000 }).default(2000), {
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
  commitEveryMs: variable('COMMIT_EVERY_MS', parse.durationMs({ max: 3_600_000 }).default(1000), {
    description: 'Commit a transaction at least this often, ms, while rows are waiting.',
    defaultValue: '1000',
  }),
  replaySpeed: variable('REPLAY_SPEED', z.coerce.number({ error: 'must be a number' }).min(0, 'must be 0 or more').default(0), {
    description: '0: as fast as possible. Above 0: replay at real time times this factor, paced by TIMESTAMP_COLUMN.',
    defaultValue: '0',
  }),
  maxRecordChars: variable('MAX_RECORD_CHARS', parse.positiveInt().min(2, 'must be 2 or more').default(1_048_576), {
    description:
      'Largest CSV record (one row, all its fields), in characters. A larger one is reported as a bad row and the file stops there (the parser cannot read on past it reliably; the rows before it stay imported), so memory stays bounded whatever the file holds.',
    defaultValue: '1048576',
  }),
  maxAttempts: variable('CSV_MAX_ATTEMPTS', parse.positiveInt().default(3), {
    description:
      'Folder mode: a file whose import was started this many times without finishing (the importer crashed or was killed on it) goes to error/ with the reason, instead of being retried at every restart.',
    defaultValue: '3',
  }),
  s3Endpoint: variable('S3_ENDPOINT', parse.url().optional(), {
    aliases: ['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL'],
    description: 's3:// files: the endpoint of an S3-compatible store (MinIO, Ceph, R2, a Quix storage gateway), e.g. `http://minio:9000`. Unset: AWS S3, or the bound Quix blob storage\'s.',
  }),
  s3Region: variable('S3_REGION', parse.text().optional(), {
    aliases: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
    description: 's3:// files: the region. Default: the bound Quix blob storage\'s, else `us-east-1`.',
  }),
  s3ForcePathStyle: variable('S3_FORCE_PATH_STYLE', parse.booleanFlag().optional(), {
    description: 's3:// files: address buckets by path (`endpoint/bucket/key`), as MinIO and most S3-compatible stores need, rather than by host name. Default: true with a bound Quix blob storage, else false.',
  }),
  awsAccessKeyId: variable('AWS_ACCESS_KEY_ID', parse.text().optional(), {
    description: 's3:// files: access key id; needs AWS_SECRET_ACCESS_KEY. Unset (and no Quix blob storage bound): the AWS SDK\'s own chain (profile, web identity, container or instance role).',
  }),
  awsSecretAccessKey: variable('AWS_SECRET_ACCESS_KEY', parse.text().optional(), {
    description: 's3:// files: the secret of AWS_ACCESS_KEY_ID.',
    secret: true,
  }),
  awsSessionToken: variable('AWS_SESSION_TOKEN', parse.text().optional(), {
    description: 's3:// files: session token of temporary credentials, with AWS_ACCESS_KEY_ID.',
    secret: true,
  }),
  blobStorage: variable('Quix__BlobStorage__Connection__Json', blobStorageConnection().optional(), {
    description: 's3:// files: the blob storage connection Quix injects when blob storage is bound to the deployment (S3-compatible: bucket, keys, region, endpoint). The variables above win over its fields; `s3:///key` means its bucket.',
    secret: true,
  }),
  progressIntervalMs: variable('PROGRESS_INTERVAL_MS', parse.durationMs({ max: 86_400_000 }).default(10_000), {
    description: 'When stderr is not a terminal, log a progress line this often, ms (a terminal gets a progress bar).',
    defaultValue: '10000',
  }),
};

export type CsvImporterConfig = ConfigOf<typeof csvImporterVariables>;

/** Checks across variables, run once each is valid on its own. */
export function csvCrossChecks(config: CsvImporterConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (config.file && config.folder) problems.push({ variable: 'CSV_FOLDER', message: 'set either CSV_FILE or CSV_FOLDER, not both' });
  if (!config.header && !config.columns) problems.push({ variable: 'CSV_COLUMNS', message: 'is required when CSV_HEADER=false (it is not set)' });
  if (config.replaySpeed > 0 && !config.timestampColumn) {
    problems.push({ variable: 'TIMESTAMP_COLUMN', message: 'is required when REPLAY_SPEED is above 0 (it is not set)' });
  }
  if (config.awsAccessKeyId !== undefined && config.awsSecretAccessKey === undefined) problems.push({ variable: 'AWS_SECRET_ACCESS_KEY', message: 'is required with AWS_ACCESS_KEY_ID (it is not set)' });
  if (config.awsSecretAccessKey !== undefined && config.awsAccessKeyId === undefined) problems.push({ variable: 'AWS_ACCESS_KEY_ID', message: 'is required with AWS_SECRET_ACCESS_KEY (it is not set)' });
  for (const [name, value, as] of [['CSV_FILE', config.file, 'object'], ['CSV_FOLDER', config.folder, 'prefix']] as const) {
    const problem = value && isS3Url(value) ? s3UrlProblem(value, as, config.blobStorage?.bucket) : undefined;
    if (problem) problems.push({ variable: name, message: problem });
  }
  if (!['auto', 'tab', '\t'].includes(config.delimiter) && config.delimiter.length !== 1) {
    problems.push({ variable: 'CSV_DELIMITER', message: `must be one character, tab or auto (got ${JSON.stringify(config.delimiter)})` });
  }
  return problems;
}

/** The file comes as the first argument, CSV_FILE or a folder in CSV_FOLDER: one of them must be given. */
export function fileGiven(argument: string | undefined) {
  return (config: CsvImporterConfig): ConfigProblem[] => {
    if (!(argument || config.file || config.folder)) {
      return [{ variable: 'CSV_FILE', message: 'name the file to import, as the first argument or in CSV_FILE, or a folder in CSV_FOLDER (it is not set)' }];
    }
    const problem = argument && isS3Url(argument) ? s3UrlProblem(argument, 'object', config.blobStorage?.bucket) : undefined;
    return problem ? [{ variable: 'CSV_FILE', message: `the argument ${problem}` }] : [];
  };
}
