import { gzipSync, zstdCompressSync } from 'node:zlib';
import { importOptions } from '../test-support/import-options.js';
import { MemoryCommitter } from '../test-support/memory-committer.js';
import { numberedCsv, tortureDir } from '../test-support/torture.js';
import { zipOf } from '../test-support/zip-writer.js';
import { Readable } from 'node:stream';
import type { ByteSource } from './byte-source.js';
import { identifyFile } from './file-identity.js';
import { importFile } from './import-file.js';
import { decodePosition } from './position.js';
import type { ProgressSnapshot } from './progress.js';

const files = tortureDir();
const csv = numberedCsv(5000);

async function run(path: string | ByteSource, committer = new MemoryCommitter()) {
  const file = await identifyFile(path);
  const snapshots: ProgressSnapshot[] = [];
  const summary = await importFile(
    importOptions(file, committer, {
      commitEveryRows: 500,
      progress: { update: (s) => snapshots.push(s), stop: () => undefined },
    }),
  );
  const rows = committer.messages('out').map((m) => m.toString());
  return { file, summary, rows, snapshots, committer };
}

const compressed = {
  gzip: () => gzipSync(csv),
  zstd: () => zstdCompressSync(csv),
  zip: () => zipOf([{ name: 'rows.csv', content: csv }]),
};

describe('compressed files', () => {
  it.each(['gzip', 'zstd', 'zip'] as const)(
    '%s: the same rows as the plain file, progress counted in compressed bytes',
    async (kind) => {
      const plain = await run(files.write(`plain-${kind}.csv`, csv));
      const bytes = compressed[kind]();
      const packed = await run(
        files.write(
          `rows-${kind}.csv.${kind === 'gzip' ? 'gz' : kind === 'zstd' ? 'zst' : 'zip'}`,
          bytes,
        ),
      );
      expect(packed.file.compression).toBe(kind);
      expect(packed.summary).toMatchObject({ outcome: 'imported', rows: 5000 });
      expect(packed.rows).toEqual(plain.rows);
      expect(packed.rows).toHaveLength(5000);
      // Progress goes up to the compressed size, never past it: the CSV is several times larger.
      expect(bytes.length * 2).toBeLessThan(csv.length);
      expect(
        packed.snapshots.every(
          (s) => s.totalBytes === bytes.length && s.bytes <= bytes.length,
        ),
      ).toBe(true);
      expect(packed.snapshots.at(-1)?.bytes).toBeGreaterThan(
        bytes.length * 0.9,
      );
    },
  );

  it('reads a compressed file without an extension by its first bytes, and keeps its identity by content', async () => {
    const bytes = zstdCompressSync(csv);
    const a = await run(files.write('export-1', bytes));
    expect(a.file.compression).toBe('zstd');
    expect(a.rows).toHaveLength(5000);
    const b = await identifyFile(files.write('export-1-copy.zst', bytes));
    expect(b.id).toBe(a.file.id);
    const other = await identifyFile(
      files.write('other.zst', zstdCompressSync(numberedCsv(5000, 1))),
    );
    expect(other.id).not.toBe(a.file.id);
  });

  it.each([
    [
      'truncated gzip',
      'cut.csv.gz',
      () => gzipSync(csv).subarray(0, 4000),
      /cut\.csv\.gz: cannot be read as gzip: unexpected end of file \(truncated or corrupt\)/,
    ],
    [
      'truncated zstd',
      'cut.csv.zst',
      () => zstdCompressSync(csv).subarray(0, 4000),
      /cut\.csv\.zst: cannot be read as zstd: .*\(truncated or corrupt\)/,
    ],
    [
      'corrupt gzip (a flipped byte)',
      'flip.csv.gz',
      () => flipped(gzipSync(csv)),
      /flip\.csv\.gz: cannot be read as gzip/,
    ],
    [
      'zip whose data does not match its CRC',
      'crc.zip',
      () => flipped(zipOf([{ name: 'a.csv', content: csv }]), 200),
      /crc\.zip: (cannot be read as zip|a\.csv does not match its CRC-32|a\.csv inflates to)/,
    ],
    [
      'zip holding two files',
      'two.zip',
      () =>
        zipOf([
          { name: 'a.csv', content: csv },
          { name: 'b.csv', content: csv },
        ]),
      /two\.zip: a zip must hold exactly one CSV file; this one holds 2 \(a\.csv, b\.csv\)/,
    ],
    [
      'zip holding only a folder',
      'empty.zip',
      () => zipOf([{ name: 'dir/', content: '' }]),
      /this one holds 0$/,
    ],
    [
      '.gz holding text',
      'text.csv.gz',
      () => Buffer.from(csv),
      /is named as gzip but does not start as gzip does/,
    ],
  ])(
    '%s: fails whole with the reason, nothing committed',
    async (_, name, content, reason) => {
      const { summary, committer } = await run(files.write(name, content()));
      expect(summary.outcome).toBe('failed');
      expect(summary.failure).toMatchObject({
        code: 'CSV_CORRUPT_FILE',
        message: expect.stringMatching(reason),
      });
      expect(committer.committed).toEqual([]);
    },
  );

  it('a file whose bytes change after it was checked: the batch being read is dropped, the commits before it stand', async () => {
    const whole = gzipSync(csv);
    let fullReads = 0;
    // Hashing and the whole-file check are the first two full reads; the import is the third.
    const source: ByteSource = {
      location: 'changing.csv.gz',
      name: 'changing.csv.gz',
      size: whole.length,
      read: (range) => Readable.from([range ? whole.subarray(range.start, range.end + 1) : ++fullReads < 3 ? whole : whole.subarray(0, Math.floor(whole.length / 2))]),
    };
    const { summary, rows, committer, file } = await run(source);
    expect(summary.outcome).toBe('failed');
    expect(summary.failure).toMatchObject({ code: 'CSV_CORRUPT_FILE', message: expect.stringMatching(/changing\.csv\.gz: cannot be read as gzip: unexpected end of file/) });
    // Whole batches of 500 only, in order from the first row: nothing of the open one was sent.
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length % 500).toBe(0);
    expect(rows.map((r) => (JSON.parse(r) as { id: number }).id)).toEqual([...Array(rows.length).keys()]);
    expect(decodePosition(committer.lastState(file.id))).toMatchObject({ done: false, rows: rows.length });
  });

  it("keeps the archive's directory entries and macOS metadata out of the one-file count", async () => {
    const zip = zipOf([
      { name: 'out/', content: '' },
      { name: 'out/rows.csv', content: csv },
      { name: '__MACOSX/out/._rows.csv', content: 'x' },
    ]);
    const { summary, rows } = await run(files.write('mac.zip', zip));
    expect(summary.outcome).toBe('imported');
    expect(rows).toHaveLength(5000);
  });
});

/** `bytes` with one byte in the middle of the data (or at `at`) inverted. */
function flipped(bytes: Buffer, at = Math.floor(bytes.length / 2)): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0xff;
  return copy;
}
