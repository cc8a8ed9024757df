import { decodeEnvelope } from '../../test-support/decode-quix.js';
import { createEncoder, MESSAGE_FORMATS } from '../index.js';
import type { TimeseriesRow } from '../index.js';
import { hasSurrogateEscape, wellFormed } from './well-formed.js';

describe('wellFormed: each lone surrogate becomes U+FFFD, as String.prototype.toWellFormed does', () => {
  it.each([
    ['a lone high surrogate', '\ud800', '\ufffd'],
    ['a lone low surrogate between letters', 'a\udc00b', 'a\ufffdb'],
    ['a pair, reversed', '\ude00\ud83d', '\ufffd\ufffd'],
    ['two high surrogates', '\ud83d\ud83d\ude00', '\ufffd\ud83d\ude00'],
    ['a pair (an emoji), kept', 'x\ud83d\ude00', 'x\ud83d\ude00'],
    ['U+FFFD itself, kept', '\ufffd', '\ufffd'],
    ['ASCII, kept', 'cpu', 'cpu'],
  ])('%s', (_what, given, written) => {
    expect(wellFormed(given)).toBe(written);
  });
});

describe('hasSurrogateEscape: where JSON.stringify wrote a lone surrogate', () => {
  it.each([
    ['a lone surrogate', '\ud800', true],
    ['a backslash before "ud", as text (checked again, then kept)', 'C:\\udata', true],
    ['a pair (an emoji)', '\ud83d\ude00', false],
    ['a control character (\\u0001)', '\u0001', false],
  ])('%s: %s', (_what, given, found) => {
    expect(hasSurrogateEscape(JSON.stringify(given))).toBe(found);
  });
});

describe.each(MESSAGE_FORMATS)('%s format: lone surrogates on the wire', (format) => {
  const encoder = createEncoder(format);

  it('keeps a backslash before "ud" that a string holds as text', () => {
    const [message] = encoder.encodeRows([{ timestamp: 1n, strings: { path: 'C:\\udata\\ud800' }, tags: { t: '\\udfff' } }], Infinity);
    const text = message.value.toString('utf8');
    expect(text).toContain('"C:\\\\udata\\\\ud800"');
    expect(text).toContain('"\\\\udfff"');
  });

  it('writes U+FFFD (bytes EF BF BD), never a \\ud800 escape, in names, values and tags', () => {
    const [message] = encoder.encodeRows([{ timestamp: 1n, strings: { 'n\ud800': 'v\udfff' }, tags: { 't\udc00': 'u\ud800' } }], Infinity);
    const text = message.value.toString('utf8');
    expect(text).not.toMatch(/\\u[dD][89a-fA-F]/);
    for (const written of ['n\ufffd', 'v\ufffd', 't\ufffd', 'u\ufffd']) expect(text).toContain(JSON.stringify(written));
    expect(message.value.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(true);
  });

  it.each([
    ['two value names that differ only in a lone surrogate', { timestamp: 1n, numeric: { 'x\ud800': 1 }, strings: { 'x\udc00': 's' } }],
    ['a value name that becomes one given as is', { timestamp: 1n, numeric: { 'x\ud800': 1, 'x\ufffd': 2 } }],
    ['two tag names that differ only in a lone surrogate', { timestamp: 1n, tags: { 'h\ud800': 'a', 'h\udbff': 'b' } }],
  ])('refuses %s with INVALID_ROW (one value would overwrite the other)', (_what, row) => {
    expect(() => encoder.encodeRows([row as TimeseriesRow], Infinity)).toThrow(
      expect.objectContaining({ code: 'INVALID_ROW', message: expect.stringContaining('is the same as another name') }),
    );
  });

  it('refuses event tags that differ only in a lone surrogate with INVALID_EVENT', () => {
    expect(() => encoder.encodeEvents([{ id: 'e', value: 'v', timestamp: 1n, tags: { 'h\ud800': 'a', 'h\ufffd': 'b' } }], Infinity)).toThrow(
      expect.objectContaining({ code: 'INVALID_EVENT' }),
    );
  });

  it('refuses metadata keys that differ only in a lone surrogate with INVALID_PROPERTIES', () => {
    expect(() => encoder.encodeProperties({ metadata: { 'k\ud800': 'a', 'k\udc00': 'b' } }, 1n)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROPERTIES' }),
    );
  });

  it('sizes the message after the replacement: it fits a maxBytes of exactly its size, not one byte less', () => {
    // Each '\ud800' is 6 bytes as JSON.stringify escapes it, 3 as the U+FFFD written in its place.
    const rows: TimeseriesRow[] = [1n, 2n].map((timestamp) => ({ timestamp, strings: { ['s\ud800'.repeat(3)]: '\ud800'.repeat(50) }, tags: { h: '\udc00' } }));
    const size = encoder.encodeRows(rows.slice(0, 1), Infinity)[0].value.length;
    expect(encoder.encodeRows(rows.slice(0, 1), size)).toHaveLength(1);
    expect(() => encoder.encodeRows(rows.slice(0, 1), size - 1)).toThrow(expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }));
    const both = encoder.encodeRows(rows, Infinity);
    const bothBytes = both.reduce((n, m) => n + m.value.length, 0);
    expect(encoder.encodeRows(rows, Math.max(...both.map((m) => m.value.length)))).toHaveLength(both.length);
    if (format === 'quix') {
      // One message of both rows: S and E slice exactly V, whose strings are as written.
      const envelope = decodeEnvelope(both[0].value);
      expect(envelope.sliced).toEqual(envelope.V);
      expect(envelope.V).toMatchObject({ StringValues: { ['s\ufffd'.repeat(3)]: ['\ufffd'.repeat(50), '\ufffd'.repeat(50)] } });
      expect(encoder.encodeRows(rows, bothBytes - 1)).toHaveLength(2);
    }
  });
});
