import { EnvelopeWriter, envelopeBytes, wrapEnvelope } from './quix-envelope.js';

describe('quix envelope writer', () => {
  it('writes a payload given in pieces into a buffer of exactly envelopeBytes', () => {
    const writer = new EnvelopeWriter('EventData[]', utf8('[{"Id":"é"},') + utf8('{"Id":"b"}]'));
    writer.write('[{"Id":"é"},');
    writer.write('{"Id":"b"}]');
    const value = writer.finish();
    expect(value.toString('utf8')).toBe('{"C":"JT","K":"EventData[]","V":[{"Id":"é"},{"Id":"b"}],"S":32,"E":56}');
    expect(value.length).toBe(envelopeBytes('EventData[]', 24));
  });

  it.each([
    ['sized one byte short', '"é"', 3, 'at least 4'],
    ['sized one byte over', '"é"', 5, 'only 4'],
    ['far longer than sized (cut at the buffer end)', 'x'.repeat(100), 3, 'at least 18'],
  ])('refuses to finish when the payload was %s, with a coded error', (_, payload, sized, written) => {
    expect(() => wrapEnvelope('StreamEnd', payload, sized)).toThrow(
      expect.objectContaining({ code: 'ENCODER_BUG', message: expect.stringContaining(`StreamEnd payload was ${written} bytes, not the ${sized}`) }),
    );
  });

  it('sizes S and E right on both sides of a power of ten (no byte unwritten or cut)', () => {
    // S is 34, so E = 34 + payload crosses 100 at 66 and 1,000,000 at 999,966.
    for (const payloadBytes of [0, 65, 66, 999_965, 999_966]) {
      const payload = 'x'.repeat(payloadBytes);
      const expected = `{"C":"JT","K":"ParameterData","V":${payload},"S":34,"E":${34 + payloadBytes}}`;
      expect(wrapEnvelope('ParameterData', payload, payloadBytes).toString('latin1')).toBe(expected);
      expect(envelopeBytes('ParameterData', payloadBytes)).toBe(expected.length);
    }
  });
});

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
