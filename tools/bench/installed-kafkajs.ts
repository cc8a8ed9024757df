// kafkajs's source files as installed in node_modules (with patches/ applied), loaded at run time
// instead of bundled, so a bench measures the files the apps run. Run the bench from the repo root.
// Aliased: run.sh's banner already declares `createRequire` in every bundle.
import { createRequire as requireFrom } from 'node:module';
import { resolve } from 'node:path';

const fromRoot = requireFrom(resolve(process.cwd(), 'package.json'));

/** A module under kafkajs/src, e.g. `protocol/recordBatch/crc32C/index.js`. */
export function installedKafkajs<T>(path: string): T {
  return fromRoot(`kafkajs/src/${path}`) as T;
}

/** kafkajs's produce request v3, as its producer builds one. */
export const produceRequest = installedKafkajs<(args: object) => { encode(): Promise<{ buffer: Buffer }> }>('protocol/requests/produce/v3/request.js');
