import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestTopic, parseJsonExact, readBack, readCommitted, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { runImporter } from './test-support/run-importer.js';
import { numberedCsv, tortureDir } from './test-support/torture.js';

// The built app against the real broker: exactly-once across kill -9 and restarts, SIGTERM,
// both formats, bad-row policies, configuration errors. Rows are counted by their content.

const files = tortureDir();
const brokers = () => testBrokers().join(',');

/** The `id` of every row in the topic, decoding json (one row per message) or quix (many). */
async function idsIn(topic: string): Promise<number[]> {
  const ids: number[] = [];
  for (const { value } of await readCommitted(testBrokers(), topic)) {
    const parsed = parseJsonExact(value.toString()) as { K?: string; V?: { NumericValues: { id: number[] } }; id?: number };
    if (parsed.K === 'ParameterData') ids.push(...(parsed.V?.NumericValues.id ?? []));
    else if (parsed.K === undefined) ids.push(Number(parsed.id));
  }
  return ids;
}

/** The model keys of a quix-format topic, in order. */
async function kindsIn(topic: string): Promise<string[]> {
  return (await readCommitted(testBrokers(), topic)).map((m) => (parseJsonExact(m.value.toString()) as { K: string }).K);
}

/** The dead letters of a topic: where, why and the raw input of each bad row. */
async function lettersIn(topic: string): Promise<Record<string, unknown>[]> {
  const letters: Record<string, unknown>[] = [];
  for (const { value } of await readCommitted(testBrokers(), topic)) {
    const event = JSON.parse(value.toString()) as { Id: string; Value: string };
    expect(event.Id).toBe('bad-record');
    letters.push(JSON.parse(event.Value) as Record<string, unknown>);
  }
  return letters;
}

const sequence = (n: number) => [...Array(n).keys()];

describe('csv-importer as a process', () => {
  it.each(['json', 'quix'] as const)('imports every row once in the %s format, and a second run finds the file imported', async (format) => {
    const topic = await createTestTopic(testBrokers());
    const path = files.write(`rows-${format}.csv`, numberedCsv(5000));
    const env = { KAFKA_BROKERS: brokers(), output: topic, QUIX_MESSAGE_FORMAT: format, COMMIT_EVERY_ROWS: '1500' };
    const first = runImporter([path], env);
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.logs().find((l) => l['msg'] === 'summary')).toMatchObject({ outcome: 'imported', rows: 5000, badRows: 0, rowsPerSecond: expect.any(Number), durationMs: expect.any(Number) });
    const second = runImporter([path], env);
    expect(await second.exited).toEqual({ code: 0, signal: null });
    expect(second.logs().some((l) => l['outcome'] === 'already-imported')).toBe(true);
    const messages = await readCommitted(testBrokers(), topic);
    if (format === 'quix') {
      expect(messages.length).toBeLessThan(50); // many rows per ParameterData
      // Like every other app's stream: properties first, the end last (one of each: the second run found the file imported).
      const kinds = await kindsIn(topic);
      expect(kinds[0]).toBe('StreamProperties');
      expect(kinds.at(-1)).toBe('StreamEnd');
      expect(kinds.filter((k) => k !== 'ParameterData')).toEqual(['StreamProperties', 'StreamEnd']);
    }
    expect(await idsIn(topic)).toEqual(sequence(5000));
  });

  it.each(['json', 'quix'] as const)('writes %s that the Python quixstreams library reads back (it reads read_committed by default)', async (format) => {
    const topic = await createTestTopic(testBrokers());
    const lines = ['time,host,cpu,note'];
    for (let i = 0; i < 300; i++) lines.push(`2024-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(9, '0')}Z,h${i % 2},${i},n${i}`);
    const path = files.write(`py-${format}.csv`, lines.join('\n') + '\n');
    const app = runImporter([path], { KAFKA_BROKERS: brokers(), output: topic, QUIX_MESSAGE_FORMAT: format, TIMESTAMP_COLUMN: 'time', TAG_COLUMNS: 'host', STREAM_ID: 'py', COMMIT_EVERY_ROWS: '100' });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const rows = await readWithQuixstreams({ brokers: testBrokers(), topic, format, count: 300, timeoutMs: 60_000 });
    expect(rows.map((r) => (r.value as { cpu: number }).cpu)).toEqual(sequence(300));
    expect(rows[7]).toMatchObject({ key: 'py', value: { Timestamp: 1704067207000000007n, cpu: 7, note: 'n7', Tags: { host: 'h1' } } });
  });

  it('after kill -9 at several moments and a restart, has every row exactly once', async () => {
    const topic = await createTestTopic(testBrokers());
    const rows = 40_000;
    const path = files.write('kill.csv', numberedCsv(rows));
    const env = { KAFKA_BROKERS: brokers(), output: topic, COMMIT_EVERY_ROWS: '700', COMMIT_EVERY_MS: '100000' };
    // Moments: before anything is committed, and after 1, 5000 and 15000 rows are visible.
    const runs: { signal: NodeJS.Signals | null; code: number | null }[] = [];
    const early = runImporter([path], env);
    await new Promise<void>((resolve) => early.child.stderr.on('data', () => early.output().stderr.includes('"msg":"importing"') && resolve()));
    early.child.kill('SIGKILL');
    runs.push(await early.exited);
    for (const visible of [1, 5000, 15000]) {
      const app = runImporter([path], env);
      await readBack(testBrokers(), topic, { count: visible, timeoutMs: 60_000 });
      app.child.kill('SIGKILL');
      runs.push(await app.exited);
    }
    expect(runs[0].signal).toBe('SIGKILL');
    expect(runs[1].signal).toBe('SIGKILL');
    const last = runImporter([path], env);
    expect(await last.exited).toEqual({ code: 0, signal: null });
    expect(last.logs().find((l) => l['msg'] === 'summary')).toMatchObject({ rows, outcome: 'imported' });
    expect(await idsIn(topic)).toEqual(sequence(rows));
  });

  it('on SIGTERM commits what it read and exits 0; a restart imports the rest once', async () => {
    const topic = await createTestTopic(testBrokers());
    const path = files.write('term.csv', numberedCsv(20_000));
    const env = { KAFKA_BROKERS: brokers(), output: topic, COMMIT_EVERY_ROWS: '500' };
    const app = runImporter([path], env);
    await readBack(testBrokers(), topic, { count: 1, timeoutMs: 60_000 });
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const outcome = app.logs().find((l) => l['msg'] === 'summary')?.['outcome'];
    expect(['stopped', 'imported']).toContain(outcome);
    const again = runImporter([path], env);
    expect(await again.exited).toEqual({ code: 0, signal: null });
    expect(await idsIn(topic)).toEqual(sequence(20_000));
  });

  it('sends bad rows to the dead-letter topic with line and reason, and imports the rest', async () => {
    const topic = await createTestTopic(testBrokers());
    const dlq = `${topic}-dlq`;
    const path = files.write('bad.csv', 'id,t\n0,2024-01-01T00:00:00Z\n1,yesterday\n2\n3,2024-01-01T00:00:03.5Z\n');
    const app = runImporter([path], { KAFKA_BROKERS: brokers(), output: topic, BAD_ROW_POLICY: 'dead-letter', DEAD_LETTER_TOPIC: dlq, TIMESTAMP_COLUMN: 't' });
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const rows = (await readCommitted(testBrokers(), topic)).map((m) => parseJsonExact(m.value.toString()));
    expect(rows).toEqual([{ Timestamp: 1704067200000000000n, id: 0 }, { Timestamp: 1704067203500000000n, id: 3 }]);
    expect(await lettersIn(dlq)).toEqual([
      expect.objectContaining({ where: { file: path, line: 3, column: 2, columnName: 't' }, reason: expect.stringMatching(/ISO 8601/), raw: '1,yesterday\n' }),
      expect.objectContaining({ where: { file: path, line: 4 }, reason: 'has 1 fields, the header has 2', raw: '2\n' }),
    ]);
  });

  it('under the fail policy stops at the first bad row naming file, line, column and reason, exit 1', async () => {
    const topic = await createTestTopic(testBrokers());
    const path = files.write('fail.csv', Buffer.concat([Buffer.from('id,v\n1,2\n2,'), Buffer.from([0xff]), Buffer.from('\n')]));
    const app = runImporter([path], { KAFKA_BROKERS: brokers(), output: topic });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.output().stderr).toMatch(/stopped at a bad row: .*fail\.csv line 3, column 2 \(v\): is not valid UTF-8/);
  });

  it('in folder mode imports each settled file once in name order, moves it to done/ or error/, and leaves files being written', async () => {
    const topic = await createTestTopic(testBrokers());
    const folder = tortureDir();
    folder.write('b.csv', numberedCsv(100, 100));
    folder.write('a.csv', numberedCsv(100));
    folder.write('bad.csv', 'id,v\n1\n');
    folder.write('c.csv.part', numberedCsv(5, 900));
    const app = runImporter([], { KAFKA_BROKERS: brokers(), output: topic, CSV_FOLDER: folder.dir, FOLDER_POLL_MS: '100' });
    const moved = (...names: string[]) => names.every((n) => existsSync(join(folder.dir, n)));
    while (!moved('done/a.csv', 'done/b.csv', 'error/bad.csv')) await sleep(50); // waits for a state; jest's timeout bounds it
    folder.write('a-copy.csv', readFileSync(join(folder.dir, 'done/a.csv'))); // the same content again
    while (!moved('done/a-copy.csv')) await sleep(50);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(await idsIn(topic)).toEqual(sequence(200));
    expect(readFileSync(join(folder.dir, 'error/bad.csv.error.txt'), 'utf8')).toMatch(/bad\.csv line 2: has 1 fields, the header has 2/);
    expect(existsSync(join(folder.dir, 'c.csv.part'))).toBe(true);
    expect(app.logs().find((l) => String(l['file']).endsWith('a-copy.csv') && l['outcome'])).toMatchObject({ outcome: 'already-imported' });
  });

  it('stops at start with every configuration problem named by its variable, exit 1', async () => {
    const app = runImporter([], { QUIX_MESSAGE_FORMAT: 'xml', COMMIT_EVERY_ROWS: '0', BAD_ROW_POLICY: 'maybe' });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    const { stderr } = app.output();
    expect(stderr).toMatch(/Invalid configuration \(4 problems\)/);
    expect(stderr).toMatch(/CSV_FILE: name the file to import/);
    expect(stderr).toMatch(/QUIX_MESSAGE_FORMAT: must be one of json, quix/);
    expect(stderr).toMatch(/COMMIT_EVERY_ROWS: must be above 0/);
    expect(stderr).toMatch(/BAD_ROW_POLICY: must be one of fail, skip, dead-letter/);
  });

  it('without a broker, prints the rows it would send as JSON lines (positions are then kept in memory only)', async () => {
    const path = files.write('local.csv', numberedCsv(3));
    const local = runImporter([path], {});
    expect(await local.exited).toEqual({ code: 0, signal: null });
    const lines = local.output().stdout.trim().split('\n').map((l) => JSON.parse(l) as { topic: string; value: { id: number } });
    expect(lines.map((l) => [l.topic, l.value.id])).toEqual([['csv-import', 0], ['csv-import', 1], ['csv-import', 2]]);
  });

  it('without a file, says which variables to set', async () => {
    const noFile = runImporter([], { KAFKA_BROKERS: brokers() });
    expect(await noFile.exited).toEqual({ code: 1, signal: null });
    expect(noFile.output().stderr).toMatch(/CSV_FILE: name the file/);
  });
});
