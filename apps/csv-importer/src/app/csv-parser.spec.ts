import { Readable } from 'node:stream';
import fc from 'fast-check';
import { openCsvParser, recordStartLine } from './csv-parser.js';

// Each file line is a record (good or bad), part of a quoted multi-line record, blank, or a
// comment; the generator knows the line each record begins on, as a person counting lines would.
type Piece = { kind: 'good' | 'bad'; text: string } | { kind: 'blank' | 'comment'; text: string };

const field = fc.stringMatching(/^[a-z0-9]{1,4}$/);
const quoted = fc.tuple(field, fc.constantFrom('\n', '\r'), field).map(([a, br, b]) => `"${a}${br}${b}"`);
const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(field, quoted), { minLength: 1, maxLength: 3 }).map((fields): Piece => ({ kind: 'good', text: fields.join(',') })) },
  { weight: 2, arbitrary: fc.tuple(field, field, field).map(([a, b, c]): Piece => ({ kind: 'bad', text: `${a},${b}"${c}` })) }, // INVALID_OPENING_QUOTE
  { weight: 1, arbitrary: fc.constant<Piece>({ kind: 'blank', text: '' }) },
  { weight: 1, arbitrary: field.map((t): Piece => ({ kind: 'comment', text: `# ${t}` })) },
);

async function startLines(bytes: Buffer, cuts: number[]): Promise<{ records: number[]; errors: number[] }> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [...points, bytes.length].map((at, i, all) => bytes.subarray(i === 0 ? 0 : all[i - 1], at)).filter((c) => c.length > 0);
  const { parser } = openCsvParser(Readable.from(chunks), { delimiter: ',', comment: '#', skipBadRecords: true });
  const errors: number[] = [];
  parser.on('skip', (err: { lines: number; raw?: string }) => errors.push(recordStartLine(err.lines, err.raw ?? '', '#')));
  const records: number[] = [];
  for await (const { info, raw } of parser as AsyncIterable<{ info: { lines: number }; raw: string }>) records.push(recordStartLine(info.lines, raw, '#'));
  return { records, errors };
}

describe('recordStartLine', () => {
  it('finds the line each record begins on, good or bad, after blank, comment and multi-line records, whatever the line ends and chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 6 }), async (pieces, end, cuts) => {
        const expected = { records: [] as number[], errors: [] as number[] };
        let line = 1;
        for (const p of pieces) {
          if (p.kind === 'good') expected.records.push(line);
          if (p.kind === 'bad') expected.errors.push(line);
          line += 1 + (p.text.match(/[\r\n]/g)?.length ?? 0);
        }
        const bytes = Buffer.from(pieces.map((p) => `${p.text}${end}`).join(''));
        expect(await startLines(bytes, cuts)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['the record that ends where it began', 5, '5,a,b\n', undefined, 5],
    ['a record of three lines', 7, '1,"a\nb\nc"\n', undefined, 5],
    ['blank and comment lines before it (CRLF, whose \\n csv-parse leaves out of raw)', 9, '\r# one\r\r5,a"', '#', 9],
    ['an unclosed quote, reported at the end of the file', 5, '3,"opens here\n4,5\n6,7\n', undefined, 3],
  ])('%s', (_, reached, raw, comment, line) => expect(recordStartLine(reached, raw, comment)).toBe(line));
});
