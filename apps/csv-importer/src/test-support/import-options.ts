import { createEncoder } from '@quix-connectors/message-schema';
import { TransactionalStream } from '@quix-connectors/quix-producer';
import pino from 'pino';
import type { FileIdentity } from '../app/file-identity.js';
import type { Committer, ImportOptions } from '../app/import-file.js';

const streamOn = (topic: string) =>
  new TransactionalStream({ streamId: 's', topic, properties: {}, encoder: createEncoder('json'), maxMessageBytes: 1_000_000, onRefused: () => undefined });

/**
 * importFile's options as the unit specs use them: rows to `out`, dead letters to `dlq`, JSON,
 * header and auto delimiter, `fail` on a bad row, silent logs, a fixed clock; `overrides` win.
 */
export function importOptions(file: FileIdentity, committer: Committer, overrides: Partial<ImportOptions> = {}): ImportOptions {
  return {
    file,
    committer,
    stream: streamOn('out'),
    deadLetters: streamOn('dlq'),
    encoder: createEncoder('json'),
    csv: { header: true, delimiter: 'auto' },
    rows: { timestampFormat: 'iso', tagColumns: [], skipColumns: [] },
    badRowPolicy: 'fail',
    maxMessageBytes: 1_000_000,
    commitEveryRows: 1000,
    commitEveryMs: 60_000,
    replaySpeed: 0,
    logger: pino({ level: 'silent' }),
    progress: { update: () => undefined, stop: () => undefined },
    now: () => 1n,
    stopRequested: () => false,
    ...overrides,
  };
}
