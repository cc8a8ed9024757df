import fc from 'fast-check';
import { FakeClock } from '@quix-connectors/timing/testing';
import { importOptions } from '../test-support/import-options.js';
import { MemoryCommitter } from '../test-support/memory-committer.js';
import { numberedCsv, tortureDir } from '../test-support/torture.js';
import { identifyFile } from './file-identity.js';
import { importFile, type ImportOptions } from './import-file.js';
import { decodePosition } from './position.js';

const files = tortureDir();

async function run(path: string, committer: MemoryCommitter, overrides: Partial<ImportOptions> = {}) {
  const file = await identifyFile(path);
  const summary = await importFile(importOptions(file, committer, { resumeFrom: decodePosition(committer.lastState(file.id)), ...overrides }));
  return { summary, file };
}


const rowsOf = (committer: MemoryCommitter, topic = 'out') => committer.messages(topic).map((m) => JSON.parse(m.toString()) as Record<string, unknown>);

/** The dead letters' values: where, why and the raw input (events `bad-record` on the topic). */
const lettersOf = (committer: MemoryCommitter) =>
  rowsOf(committer, 'dlq').map((event) => {
    expect(event).toMatchObject({ Id: 'bad-record', Tags: { source: 'csv-importer' } });
    return JSON.parse(event['Value'] as string) as { where: Record<string, unknown>; code: string; reason: string; raw: string; rawEncoding: string; rawTruncated: boolean };
  });

describe('importFile on the torture set', () => {
  it('reads BOM, CRLF, quoted newlines and quotes, comments and empty lines, with ; detected', async () => {
    const path = files.write('bom-crlf.csv', '\uFEFFid;text;n\r\n# a comment\r\n1;"two\r\nlines";3\r\n\r\n2;"say ""hi""";4.5\r\n');
    const committer = new MemoryCommitter();
    const { summary } = await run(path, committer, { csv: { header: true, delimiter: 'auto', comment: '#' } });
    expect(summary).toMatchObject({ outcome: 'imported', rows: 2, badRows: 0 });
    expect(rowsOf(committer)).toEqual([
      { Timestamp: 1, id: 1, text: 'two\r\nlines', n: 3 },
      { Timestamp: 1, id: 2, text: 'say "hi"', n: 4.5 },
    ]);
  });

  it('reads tab-separated files and given column names without a header', async () => {
    const path = files.write('tabs.tsv', '1\tx\n2\ty\n');
    const committer = new MemoryCommitter();
    await run(path, committer, { csv: { header: false, columns: ['id', 'name'], delimiter: 'auto' } });
    expect(rowsOf(committer)).toEqual([{ Timestamp: 1, id: 1, name: 'x' }, { Timestamp: 1, id: 2, name: 'y' }]);
  });

  it.each([
    ['an empty file', 'empty.csv', ''],
    ['a header only', 'header-only.csv', 'a,b,c\n'],
  ])('imports %s as zero rows and records it as done', async (_, name, content) => {
    const committer = new MemoryCommitter();
    const { summary, file } = await run(files.write(name, content), committer);
    expect(summary).toMatchObject({ outcome: 'imported', rows: 0, badRows: 0 });
    expect(decodePosition(committer.lastState(file.id))).toMatchObject({ done: true, rows: 0 });
  });

  const bad = [
    ['a ragged row', 'ragged.csv', 'id,v\n1,2\n3\n4,5,6\n7,8\n', 3, /has 1 fields, the header has 2/],
    ['invalid UTF-8', 'utf8.csv', Buffer.concat([Buffer.from('id,v\n1,ok\n2,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n3,fine\n')]), 3, /column 2 \(v\).*UTF-8/],
    ['a bad closing quote', 'quote.csv', 'id,v\n1,"a"b\n', 2, /CSV_INVALID_CLOSING_QUOTE/],
  ] as const;

  it.each(bad)('with %s and policy fail, stops naming file, line and reason after committing the rows before it', async (_, name, content, line, reason) => {
    const committer = new MemoryCommitter();
    const { summary } = await run(files.write(name, content), committer);
    expect(summary.outcome).toBe('failed');
    expect(summary.failure?.message).toMatch(new RegExp(`${name} line ${line}`));
    expect(summary.failure?.message).toMatch(reason);
    expect(rowsOf(committer).map((r) => r['id'])).toEqual(name === 'quote.csv' ? [] : [1]);
  });

  it('with policy skip, counts each bad row and imports the rest', async () => {
    const committer = new MemoryCommitter();
    const { summary } = await run(files.write('ragged-skip.csv', 'id,v\n1,2\n3\n4,5,6\n7,8\n'), committer, { badRowPolicy: 'skip' });
    expect(summary).toMatchObject({ outcome: 'imported', rows: 2, badRows: 2 });
    expect(rowsOf(committer).map((r) => r['id'])).toEqual([1, 7]);
    expect(committer.messages('dlq')).toEqual([]);
  });

  it('with policy dead-letter, sends the raw line and the reason of each bad row', async () => {
    const committer = new MemoryCommitter();
    await run(files.write('ragged-dlq.csv', 'id,v\n1,2\n3\n7,8\n'), committer, { badRowPolicy: 'dead-letter' });
    expect(lettersOf(committer)).toEqual([
      {
        where: { file: expect.stringMatching(/ragged-dlq\.csv$/), line: 3 },
        code: 'CSV_BAD_ROW',
        reason: 'has 1 fields, the header has 2',
        raw: '3\n',
        rawEncoding: 'utf8',
        rawTruncated: false,
        source: 'csv-importer',
        at: expect.any(String),
      },
    ]);
  });

  it('keeps the exact bytes of a bad row that is not UTF-8 (base64), so it can be repaired', async () => {
    const bytes = Buffer.concat([Buffer.from('id,v\n1,2\n3,caf'), Buffer.from([0xe9]), Buffer.from('\n4,5\n')]);
    const committer = new MemoryCommitter();
    await run(files.write('latin1.csv', bytes), committer, { badRowPolicy: 'dead-letter' });
    const [letter] = lettersOf(committer);
    expect(letter).toMatchObject({ where: { line: 3, column: 2, columnName: 'v' }, rawEncoding: 'base64' });
    expect(Buffer.from(letter.raw, 'base64')).toEqual(Buffer.concat([Buffer.from('3,caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(rowsOf(committer).map((r) => r['id'])).toEqual([1, 4]);
  });

  it('reports an unclosed quote at the line where it opens', async () => {
    const committer = new MemoryCommitter();
    const { summary } = await run(files.write('unclosed.csv', 'id,v\n1,2\n3,"opens here\n4,5\n6,7\n'), committer);
    expect(summary.outcome).toBe('failed');
    expect(summary.failure).toMatchObject({ badRow: { line: 3, reason: expect.stringMatching(/quote opened on line 3 is never closed/) } });
  });

  it.each(['skip', 'dead-letter', 'fail'] as const)('%s: a record over MAX_RECORD_CHARS is a bad row, memory stays bounded, the file stops there', async (badRowPolicy) => {
    const path = files.write(`oversized-${badRowPolicy}.csv`, `id,blob\n1,small\n2,${'x'.repeat(5 * 1024 * 1024)}\n3,small\n`);
    const committer = new MemoryCommitter();
    const before = process.memoryUsage().rss;
    const { summary } = await run(path, committer, { badRowPolicy, csv: { header: true, delimiter: 'auto', maxRecordChars: 64 * 1024 } });
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect(summary).toMatchObject({ outcome: 'failed' });
    expect(summary.failure).toMatchObject({ badRow: { line: 3, code: 'CSV_MAX_RECORD_SIZE' } });
    expect(rowsOf(committer).map((r) => r['id'])).toEqual([1]);
    if (badRowPolicy === 'dead-letter') expect(lettersOf(committer)[0]).toMatchObject({ code: 'CSV_MAX_RECORD_SIZE', rawTruncated: true });
  });

  it.each([
    ['one field', (n: number) => `${'x'.repeat(n - 1)},1`],
    ['the last field', (n: number) => `1,${'x'.repeat(n - 1)}`],
    ['a quoted field', (n: number) => `1,"${'x'.repeat(n - 1)}"`],
  ])('keeps a record of exactly MAX_RECORD_CHARS (fields counted without delimiters or quotes) and stops at one more: %s', async (_, recordOf) => {
    const at = (n: number, end: string) => run(files.write(`limit-${n}-${end.length}-${recordOf(3)}.csv`, `a,b${end || '\n'}${recordOf(n)}${end}`), new MemoryCommitter(), { badRowPolicy: 'skip', csv: { header: true, delimiter: ',', maxRecordChars: 64 } });
    for (const end of ['\n', '\r\n', '']) {
      expect((await at(64, end)).summary).toMatchObject({ outcome: 'imported', rows: 1, badRows: 0 });
      expect((await at(65, end)).summary).toMatchObject({ outcome: 'failed', rows: 0, badRows: 1, failure: { badRow: { line: 2, code: 'CSV_MAX_RECORD_SIZE' } } });
    }
  });

  it('reports a bad quote whose record runs on into an oversized one too, not only the oversized record (found by the fuzz)', async () => {
    const path = files.write('quote-then-oversized.csv', `id,a,b\n0,"a"b\r1,${'x'.repeat(5000)}\n`);
    const committer = new MemoryCommitter();
    const { summary } = await run(path, committer, { badRowPolicy: 'dead-letter', csv: { header: true, delimiter: ',', maxRecordChars: 2048 } });
    expect(summary).toMatchObject({ outcome: 'failed', rows: 0, badRows: 2 });
    expect(lettersOf(committer).map((l) => l.code)).toEqual(['CSV_INVALID_CLOSING_QUOTE', 'CSV_MAX_RECORD_SIZE']);
  });

  const big = 'x'.repeat(5000);
  it.each([
    ['a malformed row, then an oversized one', `id,v\n1,2\n3,a"b\n4,${big}\n5,6\n`, [[3, 'INVALID_OPENING_QUOTE'], [4, 'CSV_MAX_RECORD_SIZE']]],
    // Nothing past an oversized record is read, so the malformed row after it is not reported.
    ['an oversized row, then a malformed one', `id,v\n1,2\n3,${big}\n4,a"b\n5,6\n`, [[3, 'CSV_MAX_RECORD_SIZE']]],
    ['two malformed rows in a row', `id,v\n1,2\n3,a"b\n4,a"b\n5,6\n`, [[3, 'INVALID_OPENING_QUOTE'], [4, 'INVALID_OPENING_QUOTE']]],
    ['blank and comment lines before each bad row', `id,v\n1,2\n\n# note\n5,a"b\n\n7\n\r\n# note\r\n10,${big}\n`, [[5, 'INVALID_OPENING_QUOTE'], [7, 'CSV_BAD_ROW'], [10, 'CSV_MAX_RECORD_SIZE']]],
    ['a quoted line break before a bad row', `id,v\n1,"a\nb"\n4,a"b\n5\n`, [[4, 'INVALID_OPENING_QUOTE'], [5, 'CSV_BAD_ROW']]],
  ])('reports every bad record at the line where it begins: %s', async (_, content, expected) => {
    const committer = new MemoryCommitter();
    await run(files.write(`two-bad-${expected.map(([line]) => line).join('-')}.csv`, content), committer, { badRowPolicy: 'dead-letter', csv: { header: true, delimiter: ',', comment: '#', maxRecordChars: 2048 } });
    expect(lettersOf(committer).map((l) => [l.where['line'], l.code])).toEqual(expected);
  });

  it('dead-letters each record csv-parse gave up on with its own text up to where it stopped, not the bytes of the bad record before it', async () => {
    const committer = new MemoryCommitter();
    await run(files.write('raw-of-two-bad.csv', `id,v\n1,2\n3,a"b\n\n4,${big}\n`), committer, { badRowPolicy: 'dead-letter', csv: { header: true, delimiter: ',', maxRecordChars: 2048 } });
    const [malformed, oversized] = lettersOf(committer);
    expect(malformed).toMatchObject({ where: { line: 3 }, raw: '3,a"', rawEncoding: 'utf8', rawTruncated: true });
    expect(oversized).toMatchObject({ where: { line: 5 }, rawEncoding: 'utf8', rawTruncated: true });
    expect(oversized.raw).toMatch(/^4,x{2000,}$/);
  });

  it.each([
    ['\n', [['3,a"', 'utf8'], ['5\n', 'utf8'], ['"x\ny"\n', 'utf8']]],
    ['\r\n', [['3,a"', 'utf8'], ['5\r\n', 'utf8'], ['"x\r\ny"\r\n', 'utf8']]],
  ])('dead-letters a bad row after a record csv-parse gave up on and blank lines with its own exact bytes only (line end %j)', async (end, expected) => {
    const content = ['id,v', '1,2', '3,a"b', '', '5', '"x', 'y"', '8,8', ''].join(end);
    const committer = new MemoryCommitter();
    await run(files.write(`own-bytes-${end.length}.csv`, content), committer, { badRowPolicy: 'dead-letter', csv: { header: true, delimiter: ',' } });
    expect(lettersOf(committer).map((l) => [l.raw, l.rawEncoding])).toEqual(expected);
    expect(lettersOf(committer).map((l) => l.where['line'])).toEqual([3, 5, 6]);
  });

  it('stops at an oversized record after a malformed one, naming the oversized record\'s line (policy fail reports the first)', async () => {
    const path = files.write('skip-then-oversized.csv', `id,v\n1,2\n3,a"b\n4,${big}\n5,6\n`);
    const skipped = await run(path, new MemoryCommitter(), { badRowPolicy: 'skip', csv: { header: true, delimiter: ',', maxRecordChars: 2048 } });
    expect(skipped.summary).toMatchObject({ outcome: 'failed', badRows: 2, failure: { badRow: { line: 4, code: 'CSV_MAX_RECORD_SIZE' } } });
    const failed = await run(path, new MemoryCommitter(), { badRowPolicy: 'fail', csv: { header: true, delimiter: ',', maxRecordChars: 2048 } });
    expect(failed.summary).toMatchObject({ outcome: 'failed', failure: { badRow: { line: 3, code: 'INVALID_OPENING_QUOTE' } } });
  });

  it('turns a 10 MB field into a bad row (larger than a message may be), not a crash', async () => {
    const path = files.write('huge.csv', `id,blob\n1,small\n2,${'x'.repeat(10 * 1024 * 1024)}\n3,small\n`);
    const committer = new MemoryCommitter();
    const { summary } = await run(path, committer, { badRowPolicy: 'dead-letter' });
    expect(summary).toMatchObject({ outcome: 'imported', rows: 2, badRows: 1 });
    const [letter] = lettersOf(committer);
    expect(letter).toMatchObject({ where: { line: 3 }, reason: expect.stringMatching(/MAX_MESSAGE_BYTES/), rawTruncated: true });
    expect(committer.messages('dlq')[0].length).toBeLessThan(1_000_000);
  });

  it('turns a row too large for a message because of its many long column names into a bad row, not a refused message', async () => {
    // 300 columns of 4,000-character names and one-character values: a short record, a 1.2 MB message.
    const names = Array.from({ length: 300 }, (_, i) => `${'c'.repeat(4000)}${i}`);
    const path = files.write('wide.csv', `${names.join(',')}\n${names.map(() => '1').join(',')}\n${names.map(() => '').join(',')}\n`);
    const committer = new MemoryCommitter();
    const { summary } = await run(path, committer, { badRowPolicy: 'dead-letter' });
    expect(summary).toMatchObject({ outcome: 'imported', rows: 1, badRows: 1 }); // the row of empty cells fits
    expect(lettersOf(committer)).toMatchObject([{ where: { line: 2 }, reason: expect.stringMatching(/MAX_MESSAGE_BYTES/) }]);
    expect(rowsOf(committer)).toHaveLength(1);
  });

  it('returns already-imported for a file whose position is done', async () => {
    const committer = new MemoryCommitter();
    const path = files.write('twice.csv', numberedCsv(3));
    await run(path, committer);
    const { summary } = await run(path, committer);
    expect(summary).toMatchObject({ outcome: 'already-imported', rowsThisRun: 0, rows: 3 });
    expect(rowsOf(committer)).toHaveLength(3);
  });

  it('on a stop request, commits what it read and a restart finishes the file', async () => {
    const committer = new MemoryCommitter();
    const path = files.write('stop.csv', numberedCsv(50));
    let seen = 0;
    const first = await run(path, committer, { commitEveryRows: 7, stopRequested: () => ++seen > 20 });
    expect(first.summary.outcome).toBe('stopped');
    const second = await run(path, committer, { commitEveryRows: 7 });
    expect(second.summary).toMatchObject({ outcome: 'imported', rows: 50 });
    expect(rowsOf(committer).map((r) => r['id'])).toEqual([...Array(50).keys()]);
  });
});

describe('importFile pacing', () => {
  it('replays at real time times REPLAY_SPEED, committing each due row before it waits', async () => {
    const clock = new FakeClock(1_000);
    const path = files.write('replay.csv', 't,v\n0,1\n1000,2\n1000,3\n4000,4\n');
    const committer = new MemoryCommitter();
    const importing = run(path, committer, { replaySpeed: 2, clock, rows: { timestampColumn: 't', timestampFormat: 'ms', tagColumns: [], skipColumns: [] } });
    let done = false;
    void importing.then(() => (done = true));
    for (let i = 0; i < 1000 && !done; i++) await clock.advance(100);
    await importing;
    // 4 s of data at 2x: 2 s of waiting, in slices of at most 200 ms so a stop request is seen.
    const sleeps = clock.waits.filter((ms) => ms <= 200);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(committer.committed.map((t) => t.data[0].messages.length)).toEqual([1, 2, 1]);
  });
});

describe('importFile after a crash at any commit', () => {
  const content = 'id,v\n' + [...Array(60).keys()].map((i) => (i % 9 === 4 ? `${i}\n` : i % 13 === 7 ? `${i},x,y\n` : `${i},${i}\n`)).join('') + '99,"not closed\n';
  const path = files.write('crash.csv', content);

  it('leaves every row and every dead letter exactly once, in file order', async () => {
    const reference = new MemoryCommitter();
    await run(path, reference, { badRowPolicy: 'dead-letter', commitEveryRows: 1000 });
    const expectedRows = rowsOf(reference).map((r) => r['id']);
    const expectedLetters = lettersOf(reference).map((r) => r.where['line']);
    expect(expectedRows.length).toBeGreaterThan(40);
    expect(expectedLetters.length).toBeGreaterThan(5);

    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 9 }), async (crashes, every) => {
        const committer = new MemoryCommitter();
        for (const afterMore of crashes) {
          committer.failAfter = committer.committed.length + afterMore;
          await run(path, committer, { badRowPolicy: 'dead-letter', commitEveryRows: every }).catch((err: Error) => expect(err.message).toBe('crash'));
        }
        committer.failAfter = Infinity;
        await run(path, committer, { badRowPolicy: 'dead-letter', commitEveryRows: every });
        expect(rowsOf(committer).map((r) => r['id'])).toEqual(expectedRows);
        expect(lettersOf(committer).map((r) => r.where['line'])).toEqual(expectedLetters);
      }),
      { numRuns: 40 },
    );
  });
});
