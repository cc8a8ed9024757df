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

  it('drops a line over the limit as it arrives, reports its size once, and splits on after it', () => {
    const oversized: { bytes: number; prefix: string; before: number }[] = [];
    const splitter = new LineSplitter(1024 * 1024, (line) => oversized.push(line));
    const huge = Buffer.alloc(10 * 1024 * 1024, 'x');
    const lines: string[] = [];
    const input = Buffer.concat([Buffer.from('{"before":1}\n'), huge, Buffer.from('\n{"after":1}\n')]);
    for (let at = 0; at < input.length; at += 64 * 1024) {
      lines.push(...splitter.push(input.subarray(at, at + 64 * 1024)));
      expect(splitter.pendingBytes).toBeLessThanOrEqual(huge.length); // counted, never more
    }
    expect(lines).toEqual(['{"before":1}', '{"after":1}']);
    expect(oversized).toEqual([{ bytes: huge.length, prefix: 'x'.repeat(1024), before: 0 }]);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('says where among the lines of one chunk a line over the limit was, so reports keep the stream order', () => {
    const oversized: number[] = [];
    const splitter = new LineSplitter(8, (line) => oversized.push(line.before));
    expect(splitter.push(Buffer.from('a\nfar too long\nb\r\nagain too long\n'))).toEqual(['a', 'b']);
    expect(oversized).toEqual([1, 2]);
  });

  it('keeps lines up to the limit whatever the chunk boundaries and line ends, and reports each longer one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 40 }), fc.boolean()), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (shapes, cuts) => {
        const lines = shapes.map(([n], i) => String.fromCharCode(97 + (i % 26)).repeat(n));
        const bytes = Buffer.from(lines.map((l, i) => `${l}${shapes[i][1] ? '\r\n' : '\n'}`).join(''));
        const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const reported: number[] = [];
        const splitter = new LineSplitter(20, (line) => reported.push(line.bytes));
        const out: string[] = [];
        let from = 0;
        for (const at of [...points, bytes.length]) {
          out.push(...splitter.push(bytes.subarray(from, at)));
          from = at;
        }
        expect(out).toEqual(lines.filter((l) => l.length <= 20));
        expect(reported).toEqual(lines.filter((l) => l.length > 20).map((l) => l.length));
      }),
    );
  });
});

describe('LineSplitter at MAX_LINE_BYTES exactly', () => {
  const LIMIT = 8;
  // Every way to cut the input in two, so that "\r" and "\n" also arrive in different chunks.
  const eachSplit = (input: Buffer) => Array.from({ length: input.length + 1 }, (_, at) => [input.subarray(0, at), input.subarray(at)]);

  it.each([
    ['\n', LIMIT, 'kept'],
    ['\r\n', LIMIT, 'kept'],
    ['\n', LIMIT + 1, 'reported and skipped'],
    ['\r\n', LIMIT + 1, 'reported and skipped'],
  ])('a line ending in %j with %i bytes of content is %s, wherever the chunks are cut', (terminator, length, outcome) => {
    const kept = outcome === 'kept';
    const content = 'x'.repeat(length);
    const input = Buffer.from(`a${terminator}${content}${terminator}b${terminator}`);
    for (const chunks of eachSplit(input)) {
      const reported: number[] = [];
      const splitter = new LineSplitter(LIMIT, (line) => reported.push(line.bytes));
      const lines = chunks.flatMap((chunk) => splitter.push(chunk));
      expect(lines).toEqual(kept ? ['a', content, 'b'] : ['a', 'b']);
      expect(reported).toEqual(kept ? [] : [length]); // the content's size: the terminator is not counted
      expect(splitter.pendingBytes).toBe(0);
    }
  });

  it('reports the first bytes of a line over the limit without its "\\r\\n"', () => {
    const prefixes: string[] = [];
    const splitter = new LineSplitter(LIMIT, (line) => prefixes.push(line.prefix));
    for (const chunk of ['far too long\r', '\n', 'again far too long\r\n']) splitter.push(Buffer.from(chunk));
    expect(prefixes).toEqual(['far too long', 'again far too long']);
  });

  it('counts a "\\r" inside a line (not before its "\\n") as content', () => {
    const reported: number[] = [];
    const splitter = new LineSplitter(LIMIT, (line) => reported.push(line.bytes));
    expect(splitter.push(Buffer.from('xxxxxxx\r\r\nxxxxxxx\ry\n'))).toEqual(['xxxxxxx\r']);
    expect(reported).toEqual([9]);
  });
});
