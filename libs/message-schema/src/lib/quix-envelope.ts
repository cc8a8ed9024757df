/** Model keys this lib writes; the reader picks the payload type by this key. */
export type ModelKey = 'ParameterData' | 'EventData[]' | 'StreamProperties' | 'StreamEnd';

/** `{"C":"JT","K":"<key>","V":` — C is the codec: JT (typed JSON) is what the SDK writes. */
function head(key: ModelKey): string {
  return `{"C":"JT","K":"${key}","V":`;
}

/** S: the byte offset of V's text. The head is ASCII, so its length is its byte count. */
export function payloadStart(key: ModelKey): number {
  return head(key).length;
}

function digits(n: number): number {
  return String(n).length;
}

/** Size of the whole envelope around a payload of `payloadBytes` UTF-8 bytes. */
export function envelopeBytes(key: ModelKey, payloadBytes: number): number {
  const start = payloadStart(key);
  const end = start + payloadBytes;
  // `,"S":` start `,"E":` end `}`
  return end + 5 + digits(start) + 5 + digits(end) + 1;
}

/**
 * The SDK envelope `{"C":"JT","K":key,"V":payload,"S":start,"E":end}`. S and E are exact UTF-8
 * byte offsets of V (E exclusive): the C# reader slices those bytes instead of parsing V.
 */
export function wrapEnvelope(key: ModelKey, payload: string, payloadBytes: number): Buffer {
  const start = payloadStart(key);
  const text = `${head(key)}${payload},"S":${start},"E":${start + payloadBytes}}`;
  return Buffer.from(text, 'utf8');
}
