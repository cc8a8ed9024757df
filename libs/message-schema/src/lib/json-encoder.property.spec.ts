import fc from 'fast-check';
import { asWritten, event, row } from '../../test-support/arbitraries.js';
import { asNumber, parseExact } from '../../test-support/parse-exact.js';
import { normalizeRow, writtenStrings } from '../../test-support/normalize.js';
import { createEncoder } from '../index.js';
import type { TimeseriesRow } from '../index.js';

const json = createEncoder('json');

/** A json message back to a row; binary names come from the input (on the wire they are strings). */
function decode(value: Buffer, input: TimeseriesRow) {
  const text = value.toString('utf8');
  expect(text.startsWith('{"Timestamp":')).toBe(true);
  const parsed = parseExact(text) as Record<string, unknown>;
  // Not `...rest`: the transpiled spread would assign a "__proto__" key instead of copying it.
  const paramEntries = Object.entries(parsed).filter(([k]) => k !== 'Timestamp' && k !== 'Tags');
  const entries = paramEntries.filter(([, v]) => v !== null);
  // Names as written: a lone surrogate in the input's name is U+FFFD in the message's.
  const has = (values: object | undefined, name: string) => Object.keys(values ?? {}).some((given) => asWritten(given) === name);
  const kind = (name: string) => (has(input.binary, name) ? 'binary' : has(input.strings, name) ? 'strings' : 'numeric');
  return {
    keys: paramEntries.map(([k]) => k).sort(),
    row: {
      timestamp: parsed['Timestamp'],
      numeric: Object.fromEntries(entries.filter(([k]) => kind(k) === 'numeric').map(([k, v]) => [k, asNumber(v)])),
      strings: Object.fromEntries(entries.filter(([k]) => kind(k) === 'strings')),
      binary: Object.fromEntries(
        entries.filter(([k]) => kind(k) === 'binary').map(([k, v]) => [k, Array.from(Buffer.from(v as string, 'base64'))]),
      ),
      tags: parsed['Tags'] ?? {},
    },
  };
}

describe('json format, for arbitrary rows and events', () => {
  it('round-trips each row, unicode names and values included', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 10 }), (rows) => {
        const messages = json.encodeRows(rows, Infinity);
        expect(messages).toHaveLength(rows.length);
        messages.forEach((message, i) => {
          const { keys, row: decoded } = decode(message.value, rows[i]);
          const names = ['numeric', 'strings', 'binary'] as const;
          expect(keys).toEqual(names.flatMap((k) => Object.keys(rows[i][k] ?? {}).map(asWritten)).sort());
          expect(decoded).toEqual(normalizeRow(rows[i]));
          expect(message.timestampMs).toBe((rows[i].timestamp / 1_000_000n).toString());
        });
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips each event', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 10 }), (events) => {
        const decoded = json.encodeEvents(events, Infinity).map((m) => parseExact(m.value.toString('utf8')));
        expect(decoded).toEqual(events.map((e) => ({ Id: asWritten(e.id), Value: asWritten(e.value), Tags: writtenStrings(e.tags), Timestamp: e.timestamp })));
      }),
    );
  });

  it('accepts maxBytes equal to the largest row and refuses one byte less', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const largest = Math.max(...json.encodeRows(rows, Infinity).map((m) => m.value.length));
        expect(json.encodeRows(rows, largest)).toHaveLength(rows.length);
        expect(() => json.encodeRows(rows, largest - 1)).toThrow(expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }));
      }),
    );
  });
});
