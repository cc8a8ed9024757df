import { createReadStream } from 'node:fs';
import { parse, type Parser } from 'csv-parse';

export interface CsvParserOptions {
  /** As csv-parse takes it (see delimiterOption). */
  delimiter: string;
  comment?: string;
  /** Report a record csv-parse cannot read as a `skip` event and go on, instead of failing. */
  skipBadRecords: boolean;
}

/**
 * Streams a CSV file's records, each with its raw text and position (`info`): BOM, CRLF, CR or LF
 * line ends, quoted newlines, empty lines skipped, ragged rows passed on for the converter to judge.
 */
export function openCsvParser(path: string, options: CsvParserOptions): Parser {
  return createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(
    parse({
      bom: true,
      info: true,
      raw: true,
      delimiter: options.delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      comment: options.comment,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: options.skipBadRecords,
    }),
  );
}
