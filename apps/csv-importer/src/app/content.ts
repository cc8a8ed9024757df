import { PassThrough, pipeline, Transform, type Readable } from 'node:stream';
import {
  crc32,
  createGunzip,
  createInflateRaw,
  createZstdDecompress,
} from 'node:zlib';
import yauzl from 'yauzl';
import type { ByteSource } from './byte-source.js';
import type { Compression } from './compression.js';
import { CorruptFileError } from './corrupt-file.js';

/** A file's CSV bytes, decompressed as they are read: memory stays flat whatever the file's size. */
export interface Content {
  stream: Readable;
  /** How far the file has been read, in its own (compressed) bytes, given how far the parser is in the CSV. */
  progressBytes(parsedBytes: number): number;
}

/**
 * Opens a file's CSV bytes. A decompression that fails (truncated, corrupt, a check that does not
 * match) ends the stream with a CorruptFileError; a failure to read the bytes themselves (the disk,
 * the network) ends it with that error as it is, since another try may succeed.
 */
export async function openContent(
  source: ByteSource,
  compression: Compression,
): Promise<Content> {
  if (compression === 'none')
    return { stream: source.read(), progressBytes: (parsed) => parsed };
  if (compression === 'zip') return openZipEntry(source);
  const raw = source.read();
  return decoded(
    source.location,
    raw,
    [compression === 'gzip' ? createGunzip() : createZstdDecompress()],
    compression,
  );
}

/** `raw` through a byte counter and the decoders, with decoding failures as CorruptFileError. */
function decoded(
  location: string,
  raw: Readable,
  decoders: Transform[],
  format: string,
): Content {
  let compressed = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      compressed += chunk.length;
      done(null, chunk);
    },
  });
  const out = new PassThrough();
  // Registered before pipeline()'s own listeners, so `out` ends with the error as classified
  // here; pipeline() then tears the rest down (and a reader that stops early closes the file).
  raw.once('error', (err) => out.destroy(err));
  for (const decoder of decoders) {
    decoder.once('error', (err) =>
      out.destroy(
        err instanceof CorruptFileError
          ? err
          : new CorruptFileError(
              location,
              `cannot be read as ${format}: ${err.message} (truncated or corrupt)`,
              { cause: err },
            ),
      ),
    );
  }
  pipeline([raw, counter, ...decoders, out], () => undefined);
  return { stream: out, progressBytes: () => compressed };
}

/** Directories and the metadata some archivers add are not the file a zip holds. */
const NOT_A_FILE = /(^|\/)(__MACOSX\/|\._|\.DS_Store$)|\/$/;

/**
 * The one file of a zip (zero or several is a CorruptFileError naming them), read through yauzl
 * from the source's byte ranges, inflated here so the compressed bytes can be counted, and checked
 * against its CRC-32 and size at its end (yauzl does not check the CRC).
 */
async function openZipEntry(source: ByteSource): Promise<Content> {
  const fail = (reason: string, cause?: unknown) =>
    new CorruptFileError(source.location, reason, { cause });
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(
      new SourceReader(source),
      source.size,
      // Closed here once the entry is read: yauzl's autoClose would close it as the listing ends.
      { lazyEntries: true, autoClose: false },
    );
  } catch (err) {
    throw fail(`cannot be read as zip: ${(err as Error).message}`, err);
  }
  const entries: yauzl.Entry[] = [];
  try {
    for await (const entry of zip.eachEntry())
      if (!NOT_A_FILE.test(entry.fileName)) entries.push(entry);
  } catch (err) {
    throw fail(`cannot be read as zip: ${(err as Error).message}`, err);
  }
  if (entries.length !== 1) {
    const names = entries
      .slice(0, 5)
      .map((e) => e.fileName)
      .join(', ');
    throw fail(
      `a zip must hold exactly one CSV file; this one holds ${entries.length}${names ? ` (${names}${entries.length > 5 ? ', …' : ''})` : ''}`,
    );
  }
  const [entry] = entries;
  if (entry.isEncrypted()) throw fail(`${entry.fileName} is encrypted`);
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
    throw fail(
      `${entry.fileName} uses compression method ${entry.compressionMethod}; only stored (0) and deflate (8) are read`,
    );
  const raw = await zip.openReadStreamPromise(entry, { decompress: false });
  raw.once('close', () => zip.close());
  const decoders =
    entry.compressionMethod === 8
      ? [createInflateRaw(), checkedAgainst(entry, fail)]
      : [checkedAgainst(entry, fail)];
  return decoded(source.location, raw, decoders, 'zip');
}

function checkedAgainst(
  entry: yauzl.Entry,
  fail: (reason: string) => CorruptFileError,
): Transform {
  let crc = 0;
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      if (size !== entry.uncompressedSize)
        done(
          fail(
            `${entry.fileName} inflates to ${size} bytes, its header says ${entry.uncompressedSize}`,
          ),
        );
      else if (crc !== entry.crc32)
        done(fail(`${entry.fileName} does not match its CRC-32 (corrupt)`));
      else done();
    },
  });
}

/** yauzl reads a zip by ranges (its directory is at the end): here, ranges of the source. */
class SourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly source: ByteSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    // yauzl's end is exclusive, a range's is inclusive.
    return this.source.read({ start, end: end - 1 });
  }
}
