import { pipeline, type Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';

export interface CsvParserOptions {
  /** As csv-parse takes it (see delimiterOption). */
  delimiter: string;
  comment?: string;
  /** Report a record csv-parse cannot read as a `skip` event and go on, instead of failing. */
  skipBadRecords: boolean;
  /**
   * Largest record, in characters of its fields (delimiters and quotes not counted; csv-parse
   * counts the field it is reading in bytes), 2 or more; a larger one is an error (memory stays bounded).
   */
  maxRecordChars?: number;
}

/** Where the last record csv-parse emitted ended, known at once (records reach the reader later). */
export interface ParsePosition {
  bytes: number;
  lines: number;
}

/**
 * Streams the records of a file's CSV bytes (`input`, decompressed already), each with its raw
 * text and position (`info`): BOM, CRLF, CR or LF line ends, quoted newlines, empty lines
 * skipped, ragged rows passed on for the converter to judge.
 * `position` follows the parser itself, so an error event (which arrives ahead of the records
 * read before it) can say where its record began.
 */
export function openCsvParser(
  input: Readable,
  options: CsvParserOptions,
): { parser: Parser; position: ParsePosition } {
  const position: ParsePosition = { bytes: 0, lines: 0 };
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    delimiter: options.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    comment: options.comment,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: options.skipBadRecords,
    // csv-parse raises its error only at the character after one over its limit, so it lets a
    // record one longer through: its limit is set one lower (hence MAX_RECORD_CHARS >= 2; 0 is off).
    ...(options.maxRecordChars === undefined
      ? {}
      : { max_record_size: options.maxRecordChars - 1 }),
    on_record: (record, context) => {
      position.bytes = context.bytes;
      position.lines = context.lines;
      return record;
    },
  });
  // Unlike pipe(), pipeline passes a read or decompression error on to the parser, whose reader
  // then sees it (a truncated .gz must not look like a file that simply ends there).
  pipeline(input, parser, () => undefined);
  return { parser, position };
}

/**
 * The line a record begins on, for a bad row's report. csv-parse tells only the line it has
 * reached (the record's last line, or where an error stopped it) and the record's raw text up to
 * there, which also holds the blank and comment lines skipped before the record; so the line
 * breaks in the record's own text are counted back from the line reached, each `\r` and `\n` as
 * csv-parse counts them (a last one, which ends the record, it has not counted yet).
 */
export function recordStartLine(lineReached: number, raw: string, comment?: string): number {
  const own = recordText(raw, comment);
  const end = own.length > 0 && isBreak(own.charCodeAt(own.length - 1)) ? own.length - 1 : own.length;
  let breaks = 0;
  for (let i = 0; i < end; i++) if (isBreak(own.charCodeAt(i))) breaks += 1;
  return lineReached - breaks;
}

/** The lines a record's own raw text spans ("\r\n" one line end, the record's own end not another). */
export function linesOf(text: string): number {
  let lines = 1;
  const end = text.endsWith('\r\n') ? text.length - 2 : isBreak(text.charCodeAt(text.length - 1)) ? text.length - 1 : text.length;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) continue; // counted at its \n
    if (isBreak(code)) lines += 1;
  }
  return lines;
}

/** A record's own raw text: csv-parse's raw without the blank and comment lines before it. */
export function recordText(raw: string, comment?: string): string {
  let start = 0;
  for (;;) {
    if (isBreak(raw.charCodeAt(start))) start += 1;
    else if (comment && raw.startsWith(comment, start)) start = nextBreak(raw, start);
    else break;
  }
  return raw.slice(start);
}

function isBreak(code: number): boolean {
  return code === 10 || code === 13;
}

function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (isBreak(text.charCodeAt(i))) return i;
  return text.length;
}
