import fc from 'fast-check';
import { asWritten, event, row } from '../../test-support/arbitraries.js';
import { decodeEnvelope, decodeParameterData } from '../../test-support/decode-quix.js';
import { normalizeRow, writtenStrings } from '../../test-support/normalize.js';
import { createEncoder } from '../index.js';
import type { EncodedMessage, TimeseriesRow } from '../index.js';

const quix = createEncoder('quix');
/** The quix format always has these messages; fail loudly if one is missing. */
const must = <T>(message: T | null): T => {
  if (message === null) throw new Error('expected a message');
  return message;
};

function decodeRows(messages: EncodedMessage[]) {
  return messages.flatMap((message) => {
    const envelope = decodeEnvelope(message.value);
    expect(envelope).toMatchObject({ C: 'JT', K: 'ParameterData', S: 34 });
    expect(envelope.sliced).toEqual(envelope.V);
    const rows = decodeParameterData(envelope.V);
    expect(message.itemCount).toBe(rows.length);
    return rows;
  });
}

const largestAlone = (rows: readonly TimeseriesRow[]) =>
  Math.max(...rows.map((r) => quix.encodeRows([r], Infinity)[0].value.length));

describe('quix format, for arbitrary rows', () => {
  it('every message parses back to the rows, and value[S..E) parses to V', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 25 }), (rows) => {
        const messages = quix.encodeRows(rows, Infinity);
        expect(decodeRows(messages)).toEqual(rows.map(normalizeRow));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every message within maxBytes, rows in order and counted, packed greedily', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.nat(3000), (rows, slack) => {
        const maxBytes = largestAlone(rows) + slack;
        const messages = quix.encodeRows(rows, maxBytes);
        for (const message of messages) expect(message.value.length).toBeLessThanOrEqual(maxBytes);
        expect(decodeRows(messages)).toEqual(rows.map(normalizeRow));
        // Greedy: the next message's first row did not fit into (or could not join) this one.
        let first = 0;
        for (let i = 0; i + 1 < messages.length; i++) {
          const next = first + messages[i].itemCount;
          const joined = quix.encodeRows(rows.slice(first, next + 1), Infinity);
          expect(joined.length > 1 || joined[0].value.length > maxBytes).toBe(true);
          first = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses with MESSAGE_TOO_LARGE when one row alone is over maxBytes', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const maxBytes = largestAlone(rows) - 1;
        expect(() => quix.encodeRows(rows, maxBytes)).toThrow(expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }));
      }),
    );
  });

  it('carries the first row time as the Kafka timestamp', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const [message] = quix.encodeRows(rows, Infinity);
        expect(message.timestampMs).toBe((rows[0].timestamp / 1_000_000n).toString());
      }),
    );
  });
});

describe('quix format, for arbitrary events', () => {
  const withTags = (e: { id: string; value: string; timestamp: bigint; tags?: Record<string, string> }) => ({
    Id: asWritten(e.id),
    Value: asWritten(e.value),
    Tags: writtenStrings(e.tags),
    Timestamp: e.timestamp,
  });

  it('batches events within maxBytes, in order, each parsing back exactly', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 25 }), fc.nat(2000), (events, slack) => {
        const largest = Math.max(...events.map((e) => quix.encodeEvents([e], Infinity)[0].value.length));
        const messages = quix.encodeEvents(events, largest + slack);
        const decoded = messages.flatMap((message) => {
          expect(message.value.length).toBeLessThanOrEqual(largest + slack);
          const envelope = decodeEnvelope(message.value);
          expect(envelope).toMatchObject({ C: 'JT', K: 'EventData[]', S: 32 });
          expect(envelope.sliced).toEqual(envelope.V);
          expect(message.itemCount).toBe((envelope.V as unknown[]).length);
          return envelope.V as unknown[];
        });
        expect(decoded).toEqual(events.map(withTags));
      }),
      { numRuns: 200 },
    );
  });

  it('writes unicode stream properties exactly', () => {
    fc.assert(
      fc.property(
        fc.record({ name: event.map((e) => e.id), metadata: fc.dictionary(fc.string(), event.map((e) => e.value)) }),
        ({ name, metadata }) => {
          const message = quix.encodeProperties({ name, metadata }, 1n);
          const envelope = decodeEnvelope(must(message).value);
          expect(envelope.sliced).toEqual(envelope.V);
          expect(envelope.V).toEqual({ Name: asWritten(name), Location: null, Metadata: writtenStrings(metadata), Parents: [], TimeOfRecording: null });
        },
      ),
    );
  });
});
