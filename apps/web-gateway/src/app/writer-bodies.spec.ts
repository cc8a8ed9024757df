import { eventRecords, InvalidBody, parameterDataRows, streamDetails } from './writer-bodies.js';

describe('parameterDataRows', () => {
  it('turns aligned columns into rows, camelCase or PascalCase, parameter names kept as sent', () => {
    const camel = parameterDataRows({ timestamps: [1e15, 2e15], numericValues: { Speed: [1, null] }, stringValues: { gear: ['D', 'N'] }, tagValues: { lap: ['1', null] } });
    const pascal = parameterDataRows({ Timestamps: [1e15, 2e15], NumericValues: { Speed: [1, null] }, StringValues: { gear: ['D', 'N'] }, TagValues: { lap: ['1', null] } });
    expect(pascal).toEqual(camel);
    expect(camel).toEqual([
      { timestamp: 1_000_000_000_000_000n, numeric: { Speed: 1 }, strings: { gear: 'D' }, tags: { lap: '1' } },
      { timestamp: 2_000_000_000_000_000n, numeric: { Speed: null }, strings: { gear: 'N' } },
    ]);
  });

  it('decodes base64 binary values and applies the epoch', () => {
    const [row] = parameterDataRows({ epoch: 1_000_000_000_000_000_000n, timestamps: [7], binaryValues: { b: [Buffer.from([1, 2]).toString('base64')] } });
    expect(row).toEqual({ timestamp: 1_000_000_000_000_000_007n, binary: { b: Buffer.from([1, 2]) } });
  });

  it.each([
    [{ timestamps: [1, 2], numericValues: { x: [1] } }, 'data.numericValues.x'],
    [{ timestamps: [] }, 'data.timestamps'],
    [{ timestamps: [-1] }, 'data.timestamps[0]'],
    [{ timestamps: [1], stringValues: { s: [3] } }, 'data.stringValues.s[0]'],
    [{ timestamps: [1], numericValues: { '': [1] } }, 'data.numericValues.'],
    [null, 'data'],
  ])('refuses %j naming %s', (body, field) => {
    expect(() => parameterDataRows(body)).toThrow(InvalidBody);
    expect(() => parameterDataRows(body)).toThrow(expect.objectContaining({ field: expect.stringContaining(field) }));
  });

  it('does not let a parameter named __proto__ reach the prototype', () => {
    const [row] = parameterDataRows(JSON.parse('{"timestamps":[1e15],"numericValues":{"__proto__":[1]}}'));
    expect(Object.getPrototypeOf(row?.numeric ?? {})).toBe(Object.prototype);
  });
});

describe('eventRecords and streamDetails', () => {
  it('takes one event or a list, in either case style', () => {
    expect(eventRecords({ Id: 'a', Timestamp: 1e15, Value: 'v', Tags: { t: '1' } })).toEqual([{ id: 'a', timestamp: 1_000_000_000_000_000n, value: 'v', tags: { t: '1' } }]);
    expect(eventRecords([{ id: 'a', timestamp: 1e15 }])).toEqual([{ id: 'a', timestamp: 1_000_000_000_000_000n, value: '' }]);
    expect(() => eventRecords([])).toThrow(/events: needs at least one event/);
    expect(() => eventRecords([{ id: 'a', timestamp: 1 }, { id: 5, timestamp: 1 }])).toThrow(/events\[1\]\.id/);
  });

  it('reads stream details and refuses a bad date', () => {
    expect(streamDetails({ Name: 'n', Location: '/l', Metadata: { a: 'b' }, Parents: ['p'], TimeOfRecording: '2026-01-01T00:00:00Z' })).toEqual({
      name: 'n', location: '/l', metadata: { a: 'b' }, parents: ['p'], timeOfRecording: new Date('2026-01-01T00:00:00Z'),
    });
    expect(streamDetails(undefined)).toEqual({});
    expect(() => streamDetails({ timeOfRecording: 'not a date' })).toThrow(/details\.timeOfRecording/);
  });
});
