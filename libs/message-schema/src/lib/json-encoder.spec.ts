import { createEncoder } from '../index.js';

const json = createEncoder('json');
const texts = (messages: { value: Buffer }[]) => messages.map((m) => m.value.toString('utf8'));

describe('json format', () => {
  it('writes the dict Python reads for the quix sample row, Timestamp exact from the bigint', () => {
    const messages = json.encodeRows(
      [{ timestamp: 1700000000000000001n, numeric: { cpu: 12.5 }, tags: { host: 'srv1' } }],
      1e6,
    );
    expect(texts(messages)).toEqual(['{"Timestamp":1700000000000000001,"cpu":12.5,"Tags":{"host":"srv1"}}']);
    expect(messages[0]).toMatchObject({ timestampMs: '1700000000000', itemCount: 1 });
  });

  it('orders keys Timestamp, numeric, strings, binary (base64), Tags; writes null; omits empty Tags', () => {
    const [message] = json.encodeRows(
      [{ timestamp: 5n, binary: { b: Uint8Array.of(255) }, strings: { s: 'x', n: null }, numeric: { a: -1.5 }, tags: {} }],
      1e6,
    );
    expect(message.value.toString()).toBe('{"Timestamp":5,"a":-1.5,"s":"x","n":null,"b":"/w=="}');
  });

  it('writes integer-like names first, as a JS object orders them; Timestamp stays first', () => {
    const [message] = json.encodeRows([{ timestamp: 5n, numeric: { a: 1 }, strings: { '7': 'x', b: 'y' }, tags: { '2': 't', z: 'u' } }], 1e6);
    expect(message.value.toString()).toBe('{"Timestamp":5,"7":"x","a":1,"b":"y","Tags":{"2":"t","z":"u"}}');
  });

  it('keeps a tag named __proto__ (from JSON.parse, say) as a tag', () => {
    const tags = JSON.parse('{"__proto__":"p","host":"h"}') as Record<string, string>;
    const [message] = json.encodeRows([{ timestamp: 5n, numeric: { a: 1 }, tags }], 1e6);
    expect(message.value.toString()).toBe('{"Timestamp":5,"a":1,"Tags":{"__proto__":"p","host":"h"}}');
  });

  it('writes a row with no values or tags as its Timestamp alone', () => {
    expect(texts(json.encodeRows([{ timestamp: 9n, numeric: {}, tags: {} }], 1e6))).toEqual(['{"Timestamp":9}']);
  });

  it('writes one message per row, in order', () => {
    const messages = json.encodeRows([{ timestamp: 3_000_000n }, { timestamp: 1_000_000n }], 1e6);
    expect(messages.map((m) => m.timestampMs)).toEqual(['3', '1']);
  });

  it('writes one message per event, Tags always present', () => {
    expect(
      texts(json.encodeEvents([{ id: 'e', value: '{"k":1}', timestamp: 7n }, { id: 'f', value: '', timestamp: 8n, tags: { t: 'u' } }], 1e6)),
    ).toEqual([
      '{"Id":"e","Value":"{\\"k\\":1}","Tags":{},"Timestamp":7}',
      '{"Id":"f","Value":"","Tags":{"t":"u"},"Timestamp":8}',
    ]);
  });

  it('has no properties or stream end message (a json reader would take them for rows)', () => {
    expect(json.encodeProperties({ name: 'n' }, 1n)).toBeNull();
    expect(json.encodeStreamEnd('Closed', 1n)).toBeNull();
  });

  it('refuses a row larger than maxBytes with its size in UTF-8 bytes and the limit', () => {
    // {"Timestamp":1,"s":"éééééééééé"} is 32 characters but 42 bytes.
    expect(() => json.encodeRows([{ timestamp: 1n, strings: { s: 'é'.repeat(10) } }], 30)).toThrow(
      expect.objectContaining({ code: 'MESSAGE_TOO_LARGE', message: expect.stringMatching(/ 42 bytes .* limit of 30 bytes/) }),
    );
  });
});
