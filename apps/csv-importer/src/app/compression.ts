import { CorruptFileError } from './corrupt-file.js';

export type Compression = 'none' | 'gzip' | 'zstd' | 'zip';

/** The first bytes of each format (RFC 1952, RFC 8878, PKWARE APPNOTE 4.3.7). */
const MAGIC: {
  compression: Exclude<Compression, 'none'>;
  bytes: number[];
  extension: RegExp;
}[] = [
  { compression: 'gzip', bytes: [0x1f, 0x8b], extension: /\.(gz|gzip)$/i },
  {
    compression: 'zstd',
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    extension: /\.(zst|zstd)$/i,
  },
  { compression: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04], extension: /\.zip$/i },
];

/** How many first bytes `detectCompression` looks at. */
const MAGIC_BYTES = Math.max(...MAGIC.map((m) => m.bytes.length));

/**
 * How a file is compressed, from its first bytes: they decide, so a file without an extension (or
 * with the wrong one) is still read. A name that promises a format its bytes do not start with
 * (`.gz` holding text, an empty `.zst`) is a corrupt file, said so, rather than imported as text.
 */
export function detectCompression(
  name: string,
  head: Uint8Array,
  location = name,
): Compression {
  const byMagic = MAGIC.find((m) => m.bytes.every((b, i) => head[i] === b));
  if (byMagic) return byMagic.compression;
  const byName = MAGIC.find((m) => m.extension.test(name));
  if (byName) {
    const start =
      Buffer.from(head.subarray(0, MAGIC_BYTES))
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 ') || 'nothing (it is empty)';
    throw new CorruptFileError(
      location,
      `is named as ${byName.compression} but does not start as ${byName.compression} does (it starts with ${start})`,
    );
  }
  return 'none';
}
