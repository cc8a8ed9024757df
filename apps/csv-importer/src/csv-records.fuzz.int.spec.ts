import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { createTestTopic, parseJsonExact, readCommitted, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { followPeakRss } from './test-support/peak-rss.js';
import { runImporter } from './test-support/run-importer.js';
import { tortureDir } from './test-support/torture.js';

// Whatever a CSV file holds (quotes, delimiters and newlines inside them, unclosed and bad
// quotes, a BOM, CR/LF/CRLF mixed, invalid UTF-8, surrogate-like escapes and CESU bytes, records
// over MAX_RECORD_CHARS, ragged rows, empty lines, header-only files): the built app imports it
// into the real broker without crashing, every good record is in the topic exactly once and
// decodes with quixstreams, every other record is a dead letter with its line (rows + bad rows =
// the records csv-parse counts), and memory stays bounded. The files of a case are imported by
// one app in folder mode, since an app start costs seconds.
// FUZZ_RUNS=2000 npx nx test csv-importer --testPathPatterns=fuzz --skip-nx-cache  runs more files on demand.

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 40);
const FILES_PER_APP = 40;
const MAX_RECORD_CHARS = 2048;
const PEAK_RSS_BOUND = 400 * 1024 * 1024; // generous: the app's usual peak is ~110-150 MB

const plain = fc.stringMatching(/^[\w .:+-]{0,12}$/);
const anyText = fc.string({ unit: 'grapheme', maxLength: 12 });
const quoted = fc
  .array(fc.oneof(anyText, fc.constantFrom(',', '\n', '\r\n', '\r', '"', ';', '\t')), { maxLength: 5 })
  .map((parts) => `"${parts.join('').replaceAll('"', '""')}"`);
const bytes = (...b: number[]) => Buffer.from(b);
/** One field as a writer might get it wrong or right. */
const field: fc.Arbitrary<string | Buffer> = fc.oneof(
  { arbitrary: plain, weight: 6 },
  { arbitrary: quoted, weight: 3 },
  { arbitrary: anyText.map((t) => t.replace(/[",\r\n]/g, '')), weight: 2 },
  { arbitrary: fc.constantFrom('"unclosed', '"a"b', 'x"y', '""'), weight: 1 },
  { arbitrary: fc.constantFrom(bytes(0xff), bytes(0xc3, 0x28), bytes(0xed, 0xa0, 0x80), bytes(0xe9)), weight: 1 },
  { arbitrary: fc.constantFrom('\\ud800', '\\udfff', '\\ud83d\\ude00', '\uFFFD'), weight: 1 },
  { arbitrary: fc.constant('x'.repeat(MAX_RECORD_CHARS + 100)), weight: 1 },
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
/** A record: its id (the record's index), then 0 to 3 more fields (2 fit the header). */
const record = fc.record({ fields: fc.array(field, { maxLength: 3 }), end: lineEnd, emptyLinesAfter: fc.constantFrom(0, 0, 0, 1, 2) });
const csvFile = fc.record({ bom: fc.boolean(), headerEnd: lineEnd, records: fc.array(record, { maxLength: 8 }), endsWithLineEnd: fc.boolean() });
type CsvFile = typeof csvFile extends fc.Arbitrary<infer F> ? F : never;

/** The file's bytes; `tag` makes each file of a run distinct (identity is the content's hash). */
function contentOf(file: CsvFile, tag: number): Buffer {
  const parts: (string | Buffer)[] = [file.bom ? '\uFEFF' : '', `id,a,b${tag}`, file.headerEnd];
  file.records.forEach((r, i) => {
    parts.push(String(i));
    for (const f of r.fields) parts.push(',', f);
    if (i < file.records.length - 1 || file.endsWithLineEnd) parts.push(r.end, r.end.repeat(r.emptyLinesAfter));
  });
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
}

/**
 * What csv-parse makes of the file with the importer's options: the records after the header
 * (the file stops at one over MAX_RECORD_CHARS, which counts), and the ids of those that are good
 * rows (as many fields as the header, valid UTF-8, an integer id).
 */
function expectedOf(content: Buffer): { records: number; goodIds: string[] } {
  let records = 0;
  let stopped = false;
  const goodIds: string[] = [];
  parse(content, {
    bom: true,
    delimiter: ',',
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS - 1, // as the importer sets it: csv-parse lets one character more through
    on_skip: (err) => {
      if (stopped) return;
      records++;
      if (err?.code === 'CSV_MAX_RECORD_SIZE') stopped = true;
    },
    on_record: (fields: string[]) => {
      if (stopped) return null;
      records++;
      if (records > 1 && fields.length === 3 && !fields.some((f) => f.includes('\uFFFD')) && /^\d+$/.test(fields[0])) goodIds.push(fields[0]);
      return fields;
    },
  });
  return { records: Math.max(records - 1, 0), goodIds };
}

async function importAll(files: CsvFile[]) {
  const topic = await createTestTopic(testBrokers());
  const dlq = `${topic}-dlq`;
  const folder = tortureDir();
  const names = files.map((file, i) => {
    writeFileSync(join(folder.dir, `f${i}.csv`), contentOf(file, i));
    return `f${i}.csv`;
  });
  const app = runImporter([], {
    KAFKA_BROKERS: testBrokers().join(','), output: topic, CSV_FOLDER: folder.dir, FOLDER_POLL_MS: '100', CSV_DELIMITER: ',',
    BAD_RECORD_POLICY: 'dead-letter', DEAD_LETTER_TOPIC: dlq, MAX_RECORD_CHARS: String(MAX_RECORD_CHARS), LOG_LEVEL: 'info',
  });
  const rss = followPeakRss(app.child);
  while (readdirSync(folder.dir).some((n) => n.endsWith('.csv'))) {
    if (app.child.exitCode !== null) break; // a crash: the assertions below say so
    await sleep(50);
  }
  app.child.kill('SIGTERM');
  const exit = await app.exited;
  return { topic, dlq, names, app, exit, peak: rss.peakBytes(), folder: folder.dir };
}

describe('CSV records, fuzzed, through the built app into the real broker', () => {
  it('never crash it; good rows are in the topic once and decode; bad rows are dead letters with their line; memory stays bounded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(csvFile, { minLength: Math.min(RUNS, FILES_PER_APP), maxLength: Math.min(RUNS, FILES_PER_APP) }), async (files) => {
        const { topic, dlq, names, app, exit, peak, folder } = await importAll(files);
        expect(exit).toEqual({ code: 0, signal: null });
        expect(readdirSync(folder).filter((n) => n.endsWith('.csv'))).toEqual([]); // each one moved to done/ or error/
        expect(peak).toBeGreaterThan(0);
        expect(peak).toBeLessThan(PEAK_RSS_BOUND);

        const rows = await readCommitted(testBrokers(), topic);
        const letters = (await readCommitted(testBrokers(), dlq)).map((m) => JSON.parse((JSON.parse(m.value.toString()) as { Value: string }).Value) as { where: { file: string; line: number } });
        for (const [i, name] of names.entries()) {
          const expected = expectedOf(contentOf(files[i], i));
          const summary = app.logs().find((l) => String(l['file']).endsWith(`/${name}`) && 'rowsThisRun' in l);
          const ids = rows.filter((m) => m.key === name).map((m) => String((parseJsonExact(m.value.toString()) as { id?: unknown }).id));
          const lines = letters.filter((l) => l.where.file.endsWith(`/${name}`)).map((l) => l.where.line);
          expect({ name, rows: summary?.['rows'], badRows: summary?.['badRows'] }).toEqual({ name, rows: ids.length, badRows: lines.length });
          expect({ name, records: ids.length + lines.length }).toEqual({ name, records: expected.records });
          expect({ name, ids: ids.filter((id) => /^\d+$/.test(id)).sort() }).toEqual({ name, ids: [...expected.goodIds].sort() });
          expect({ name, ids: new Set(ids).size }).toEqual({ name, ids: ids.length }); // none twice
          for (const line of lines) expect(line).toBeGreaterThanOrEqual(1);
        }
        // The cases reach both paths: good rows and dead letters (40 files make either all but certain).
        if (files.length >= FILES_PER_APP) expect({ rows: rows.length > 0, letters: letters.length > 0 }).toEqual({ rows: true, letters: true });
        if (rows.length > 0) {
          const decoded = await readWithQuixstreams({ brokers: testBrokers(), topic, format: 'json', count: rows.length, timeoutMs: 60_000 });
          expect(decoded).toHaveLength(rows.length);
        }
      }),
      { numRuns: Math.ceil(RUNS / FILES_PER_APP), endOnFailure: true },
    );
  }, 600_000);
});
