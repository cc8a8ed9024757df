// The ceiling the parser sets: the importer's own csv-parse stream (openCsvParser), reading the
// bench file with nothing else to do (no row conversion, no encoding, no Kafka). One JSON line.
//   (from the repo root) tools/bench/run.sh tools/bench/csv-importer/parse-only.ts <file.csv>
import { openCsvParser } from '../../../apps/csv-importer/src/app/csv-parser.js';

const file = process.argv[2];
if (!file) throw new Error('usage: tools/bench/run.sh tools/bench/csv-importer/parse-only.ts <file.csv>');
const started = performance.now();
let records = 0;
// The bench file is comma-separated; the importer's default policy (fail) does not skip records.
for await (const _ of openCsvParser(file, { delimiter: ',', skipBadRecords: false }).parser) records += 1;
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ records, seconds: Number(seconds.toFixed(2)), rowsPerSecond: Math.round(records / seconds) }));
