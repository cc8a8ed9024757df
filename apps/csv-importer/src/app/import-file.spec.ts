import fc from 'fast-check';
import { createEncoder } from '@quix-connectors/message-schema';
import pino from 'pino';
import { MemoryCommitter } from '../test-support/memory-committer.js';
import { numberedCsv, tortureDir } from '../test-support/torture.js';
import { identifyFile } from './file-identity.js';
import { importFile, type ImportOptions } from './import-file.js';
import { decodePosition } from './position.js';

const logger = pino({ level: 'silent' });
const files = tortureDir();
const noProgress = { update: () => undefined, stop: () => undefined };

async function run(path: string, committer: MemoryCommitter, overrides: Partial<ImportOptions> = {}) {
  const file = await identifyFile(path);
  const summary = await importFile({
    file,
    committer,
    encoder: createEncoder('json'),
    topic: 'out',
    streamId: 's',
    csv: { header: true, delimiter: 'auto' },
    rows: { timestampFormat: 'iso', tagColumns: [], skipColumns: [] },
    badRowPolicy: 'fail',
    deadLetterTopic: 'dlq',
    maxMessageBytes: 1_000_000,
    commitEveryRows: 1000,
    commitEveryMs: 60_000,
    replaySpeed: 0,
    resumeFrom: decodePosition(committer.lastState(file.id)),
    logger,
    progress: noProgress,
    now: () => 1n,
    stopRequested: () => false,
    ...overrides,
  });
  return { summary, file };
}

const rowsOf = (committer: MemoryCommitter, topic = 'out') => committer.messages(topic).map((m) => JSON.parse(m.toString()) as Record<string, unknown>);

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
    expect(rowsOf(committer, 'dlq')).toEqual([
      { file: expect.stringMatching(/ragged-dlq\.csv$/), line: 3, column: null, columnName: null, reason: 'has 1 fields, the header has 2', raw: '3\n', rawTruncated: false },
    ]);
  });

  it('turns a 10 MB field into a bad row (larger than a message may be), not a crash', async () => {
    const path = files.write('huge.csv', `id,blob\n1,small\n2,${'x'.repeat(10 * 1024 * 1024)}\n3,small\n`);
    const committer = new MemoryCommitter();
    const { summary } = await run(path, committer, { badRowPolicy: 'dead-letter' });
    expect(summary).toMatchObject({ outcome: 'imported', rows: 2, badRows: 1 });
    const [letter] = rowsOf(committer, 'dlq');
    expect(letter).toMatchObject({ line: 3, reason: expect.stringMatching(/MAX_MESSAGE_BYTES/), rawTruncated: true });
    expect(committer.messages('dlq')[0].length).toBeLessThan(1_000_000);
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
    let now = 1_000;
    const sleeps: number[] = [];
    const clock = { now: () => now, sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
    const path = files.write('replay.csv', 't,v\n0,1\n1000,2\n1000,3\n4000,4\n');
    const committer = new MemoryCommitter();
    await run(path, committer, { replaySpeed: 2, clock, rows: { timestampColumn: 't', timestampFormat: 'ms', tagColumns: [], skipColumns: [] } });
    // 4 s of data at 2x: 2 s of waiting, in slices of at most 200 ms so a stop request is seen.
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(200);
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
    const expectedLetters = rowsOf(reference, 'dlq').map((r) => r['line']);
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
        expect(rowsOf(committer, 'dlq').map((r) => r['line'])).toEqual(expectedLetters);
      }),
      { numRuns: 40 },
    );
  });
});
