// The ceiling the parser sets: csv-parse alone, with the importer's options (import-file.ts),
// reading the bench file with nothing else to do (no row conversion, no encoding, no Kafka).
// Prints one JSON line.   node tools/bench/csv-importer/parse-only.mts <file.csv>
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const file = process.argv[2];
if (!file) throw new Error('usage: node tools/bench/csv-importer/parse-only.mts <file.csv>');
const started = performance.now();
let records = 0;
const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
  parse({ bom: true, info: true, raw: true, record_delimiter: ['\r\n', '\n', '\r'], skip_empty_lines: true, relax_column_count: true }),
);
for await (const _ of parser) records += 1;
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ records, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(records / seconds) }));
