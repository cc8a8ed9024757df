import fc from 'fast-check';
import { anyText, distinctNames, event, row } from '../../test-support/arbitraries.js';
import { decodeEnvelope } from '../../test-support/decode-quix.js';
import { parseExact } from '../../test-support/parse-exact.js';
import { createEncoder, MESSAGE_FORMATS } from '../index.js';
import type { EncodedMessage } from '../index.js';
import { hasSurrogateEscape } from './well-formed.js';

// quixstreams parses every message with orjson, which refuses a lone surrogate even as a `\ud800`
// escape ("no low surrogate in string"), and with it the whole message. So: every message of
// either format must be UTF-8 whose JSON holds no lone surrogate, in any key or string value.

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Every key and string of a parsed JSON value. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, v]) => [key, ...stringsOf(v)]);
  return [];
}

/** What a strict reader sees: throws on bytes that are not UTF-8; the strings that are not well-formed. */
function illFormedStrings(message: EncodedMessage): string[] {
  const text = utf8.decode(message.value);
  const parsed = parseExact(text);
  const all = text.startsWith('{"C":') ? [...stringsOf(parsed), ...stringsOf(decodeEnvelope(message.value).sliced)] : stringsOf(parsed);
  return all.filter((s) => !(s as unknown as { isWellFormed(): boolean }).isWellFormed());
}

/** Strings that always hold a lone surrogate somewhere, on top of the arbitraries' any text. */
const withLoneSurrogate = fc
  .tuple(anyText, fc.integer({ min: 0xd800, max: 0xdfff }), anyText)
  .map(([before, unit, after]) => before + String.fromCharCode(unit) + after);
const text = fc.oneof(anyText, withLoneSurrogate);

it('finds every lone surrogate in the JSON text it is written as (hasSurrogateEscape)', () => {
  fc.assert(
    fc.property(text, (s) => {
      if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) expect(hasSurrogateEscape(JSON.stringify(s))).toBe(true);
    }),
    { numRuns: 2000 },
  );
});

describe.each(MESSAGE_FORMATS)('%s format: any string, lone surrogates included, is written as UTF-8 JSON a strict reader takes', (format) => {
  const encoder = createEncoder(format);

  it('in rows: value names, string values, tag names and tag values', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), text, text, (rows, value, tag) => {
        const extra = { timestamp: 1n, strings: { s: value }, tags: { [tag === '' ? 't' : tag]: value } };
        for (const message of encoder.encodeRows([...rows, extra], Infinity)) expect(illFormedStrings(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('in events: ids, values, tag names and tag values', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), text, text, (events, id, value) => {
        const extra = { id, value, timestamp: 1n, tags: { [id === '' ? 't' : id]: value } };
        for (const message of encoder.encodeEvents([...events, extra], Infinity)) expect(illFormedStrings(message)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('in stream properties: name, location, metadata keys and values, parents', () => {
    fc.assert(
      fc.property(text, text, distinctNames(text, text, 3), fc.array(text, { maxLength: 3 }), (name, location, metadata, parents) => {
        const message = encoder.encodeProperties({ name, location, metadata, parents }, 1n);
        if (format === 'json') expect(message).toBeNull();
        else expect(illFormedStrings(message as EncodedMessage)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
