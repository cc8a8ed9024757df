/**
 * A file that cannot be read as what it claims to be: a truncated or corrupt gzip/zstd/zip, a zip
 * without exactly one file in it, a `.gz` that is not gzip. Like a bad row under `fail`, it stops
 * that file (folder mode moves it to error/ with the reason); retrying the same bytes cannot help.
 */
export class CorruptFileError extends Error {
  override readonly name = 'CorruptFileError';
  readonly code = 'CSV_CORRUPT_FILE';
  readonly retriable = false;

  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}
