import fc from 'fast-check';
import { event, row } from '../../test-support/arbitraries.js';
import { createEncoder, decodeMessage, type TimeseriesColumns, type TimeseriesRow } from '../index.js';

/** The rows a columnar package holds, nulls left out, binary as base64. */
function rowsOf(data: TimeseriesColumns) {
  return data.timestamps.map((timestamp, i) => {
    const pick = (group: Record<string, (unknown | null)[]>) => Object.fromEntries(Object.entries(group).filter(([, c]) => c[i] !== null).map(([k, c]) => [k, c[i]]));
    return { timestamp, numeric: pick(data.numericValues), strings: { ...pick(data.stringValues), ...pick(data.binaryValues) }, tags: pick(data.tagValues) };
  });
}

/** What a row reads back as: nulls gone, well-formed strings, bytes as base64 (the json format cannot tell them from strings), -0 as 0 (JSON has no negative zero). */
function expected(r: TimeseriesRow) {
  const clean = (v: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(v ?? {}).filter(([, x]) => x !== null).map(([k, x]) => [k.toWellFormed(), typeof x === 'string' ? x.toWellFormed() : Object.is(x, -0) ? 0 : x instanceof Uint8Array ? Buffer.from(x).toString('base64') : x]));
  return { timestamp: r.timestamp, numeric: clean(r.numeric), strings: { ...clean(r.strings), ...clean(r.binary) }, tags: clean(r.tags) };
}

describe('decodeMessage', () => {
  it.each(['json', 'quix'] as const)('reads back the rows the %s encoder wrote', (format) => {
    const encoder = createEncoder(format);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 10 }), (rows) => {
        const decoded = encoder.encodeRows(rows, Infinity).flatMap((m) => {
          const p = decodeMessage(m.value);
          if (p?.kind !== 'timeseries') throw new Error(`not time series: ${m.value.toString()}`);
          return rowsOf(p.data);
        });
        expect(decoded).toEqual(rows.map(expected));
      }),
      { numRuns: 200 },
    );
  });

  it.each(['json', 'quix'] as const)('reads back the events the %s encoder wrote', (format) => {
    const encoder = createEncoder(format);
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 10 }), (events) => {
        const decoded = encoder.encodeEvents(events, Infinity).flatMap((m) => {
          const p = decodeMessage(m.value);
          if (p?.kind !== 'events') throw new Error('not events');
          return p.events;
        });
        const clean = (t: Record<string, string> | undefined) => Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k.toWellFormed(), v.toWellFormed()]));
        expect(decoded).toEqual(events.map((e) => ({ id: e.id.toWellFormed(), value: e.value.toWellFormed(), timestamp: e.timestamp, tags: clean(e.tags) })));
      }),
      { numRuns: 200 },
    );
  });

  it('reads stream properties and the stream end of the quix format', () => {
    const quix = createEncoder('quix');
    const properties = quix.encodeProperties({ name: 'N', location: '/l', metadata: { a: 'b' }, parents: ['p'], timeOfRecording: new Date('2026-01-02T03:04:05Z') }, 1n);
    expect(decodeMessage(properties?.value ?? '')).toEqual({
      kind: 'properties',
      properties: { name: 'N', location: '/l', metadata: { a: 'b' }, parents: ['p'], timeOfRecording: new Date('2026-01-02T03:04:05Z') },
    });
    expect(decodeMessage(quix.encodeStreamEnd('Aborted', 1n)?.value ?? '')).toEqual({ kind: 'end', type: 'Aborted' });
  });

  it('adds the SDK\'s Epoch to the timestamps, and skips what is not a Quix package', () => {
    const epoch = '{"C":"JT","K":"ParameterData","V":{"Epoch":1000000000,"Timestamps":[1,2],"NumericValues":{"x":[1,2]},"StringValues":{},"BinaryValues":{},"TagValues":{}},"S":34,"E":0}';
    expect(decodeMessage(epoch)).toMatchObject({ kind: 'timeseries', data: { timestamps: [1000000001n, 1000000002n] } });
    for (const other of ['not json', '[1,2]', '{"some":"thing"}', '{"C":"JT","K":"ParameterDefinitions","V":{}}', '']) expect(decodeMessage(other)).toBeUndefined();
  });
});
