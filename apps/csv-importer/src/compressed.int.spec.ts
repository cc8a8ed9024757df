import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import {
  createTestTopic,
  readCommitted,
  testBrokers,
} from '@quix-connectors/testing';
import { runImporter } from './test-support/run-importer.js';
import { numberedCsv, tortureDir } from './test-support/torture.js';
import { zipOf } from './test-support/zip-writer.js';

// The built app reading gzip, zstd and zip files into the real broker, and failing a truncated
// one whole: what is read back is what the plain file gives, and nothing of a bad file.

const files = tortureDir();
const brokers = () => testBrokers().join(',');
const sequence = (n: number, start = 0) =>
  [...Array(n).keys()].map((i) => i + start);

/** The committed messages of a topic as [key, value] text. */
const messagesIn = async (topic: string) =>
  (await readCommitted(testBrokers(), topic)).map((m) => [
    m.key,
    m.value.toString(),
  ]);
const idsIn = async (topic: string) =>
  (await readCommitted(testBrokers(), topic)).map(
    (m) => (JSON.parse(m.value.toString()) as { id: number }).id,
  );

/** Rows with their own time, so two imports of the same rows write the same messages. */
function timedCsv(count: number, start = 0): string {
  const lines = ['time,id,value,label'];
  for (let i = start; i < start + count; i++)
    lines.push(
      `2024-01-01T00:00:00.${String(i).padStart(6, '0')}Z,${i},${i * 1.5},r${i}`,
    );
  return lines.join('\n') + '\n';
}

describe('csv-importer on compressed files', () => {
  it.each([
    ['gzip', 'rows.csv.gz', (csv: string) => gzipSync(csv)],
    ['zstd', 'rows.csv.zst', (csv: string) => zstdCompressSync(csv)],
    [
      'zip',
      'rows.zip',
      (csv: string) => zipOf([{ name: 'rows.csv', content: csv }]),
    ],
  ])(
    '%s: writes the same messages as the plain file',
    async (_, name, compress) => {
      const csv = timedCsv(3000);
      const [plainTopic, packedTopic] = [
        await createTestTopic(testBrokers()),
        await createTestTopic(testBrokers()),
      ];
      const env = {
        KAFKA_BROKERS: brokers(),
        TIMESTAMP_COLUMN: 'time',
        STREAM_ID: 'rows',
        COMMIT_EVERY_ROWS: '700',
      };
      const plain = runImporter([files.write(`plain-${name}.csv`, csv)], {
        ...env,
        output: plainTopic,
      });
      const packed = runImporter([files.write(name, compress(csv))], {
        ...env,
        output: packedTopic,
      });
      expect(await plain.exited).toEqual({ code: 0, signal: null });
      expect(await packed.exited).toEqual({ code: 0, signal: null });
      expect(packed.logs().find((l) => l['msg'] === 'summary')).toMatchObject({
        outcome: 'imported',
        rows: 3000,
      });
      const expected = await messagesIn(plainTopic);
      expect(expected).toHaveLength(3000);
      expect(await messagesIn(packedTopic)).toEqual(expected);
    },
  );

  it('a truncated .gz given alone: exit 1 naming the file and why, nothing in the topic', async () => {
    const topic = await createTestTopic(testBrokers());
    const path = files.write(
      'cut.csv.gz',
      gzipSync(numberedCsv(20_000)).subarray(0, 60_000),
    );
    const app = runImporter([path], {
      KAFKA_BROKERS: brokers(),
      output: topic,
      COMMIT_EVERY_ROWS: '100',
    });
    expect(await app.exited).toEqual({ code: 1, signal: null });
    expect(app.output().stderr).toMatch(
      /cut\.csv\.gz: cannot be read as gzip: unexpected end of file \(truncated or corrupt\)/,
    );
    expect(await readCommitted(testBrokers(), topic)).toEqual([]);
  });

  it('in folder mode: compressed files (one without an extension) to done/, a truncated one to error/ with nothing of it committed', async () => {
    const topic = await createTestTopic(testBrokers());
    const folder = tortureDir();
    folder.write('a.csv.gz', gzipSync(numberedCsv(1000)));
    // Cut well past its first rows: read as far as it goes, it would give thousands of rows.
    const cut = gzipSync(numberedCsv(20_000, 5000)).subarray(0, 60_000);
    folder.write('b.csv.gz', cut);
    folder.write('c-export', zstdCompressSync(numberedCsv(1000, 1000))); // known by its first bytes
    const app = runImporter([], {
      KAFKA_BROKERS: brokers(),
      output: topic,
      CSV_FOLDER: folder.dir,
      FOLDER_POLL_MS: '100',
      COMMIT_EVERY_ROWS: '100',
    });
    const moved = (...names: string[]) =>
      names.every((n) => existsSync(join(folder.dir, n)));
    while (!moved('done/a.csv.gz', 'error/b.csv.gz', 'done/c-export'))
      await sleep(50); // waits for a state; jest's timeout bounds it
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    expect(
      readFileSync(join(folder.dir, 'error/b.csv.gz.error.txt'), 'utf8'),
    ).toMatch(
      /b\.csv\.gz: cannot be read as gzip: unexpected end of file \(truncated or corrupt\)/,
    );
    expect(
      app
        .logs()
        .find((l) => String(l['file']).endsWith('b.csv.gz') && l['outcome']),
    ).toMatchObject({ outcome: 'failed' });
    expect((await idsIn(topic)).sort((x, y) => x - y)).toEqual(sequence(2000));
    // Not even an attempt was recorded for the truncated file: it failed before anything was sent.
    const cutId = `sha256:${createHash('sha256').update(cut).digest('hex')}`;
    const positions = await readCommitted(
      testBrokers(),
      `${topic}-csv-positions`,
    );
    expect(positions.length).toBeGreaterThan(0);
    expect(positions.map((p) => p.key)).not.toContain(cutId);
  });
});
