import fc from 'fast-check';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('yields the same lines whatever the chunk boundaries, multi-byte characters and \\r\\n included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\n]/g, '')), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        (lines, cuts, crlf) => {
          const bytes = Buffer.from(lines.map((l) => `${l}${crlf ? '\r\n' : '\n'}`).join(''));
          const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
          const splitter = new LineSplitter();
          const out: string[] = [];
          let from = 0;
          for (const at of [...points, bytes.length]) {
            out.push(...splitter.push(bytes.subarray(from, at)));
            from = at;
          }
          expect(out).toEqual(lines);
          expect(splitter.pendingBytes).toBe(0);
        },
      ),
    );
  });

  it('keeps an unfinished line back (a connection cut mid-line does not make a post)', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('{"data":1}\r\n\r\n{"data":'))).toEqual(['{"data":1}', '']);
    expect(splitter.pendingBytes).toBe(8);
  });
});
