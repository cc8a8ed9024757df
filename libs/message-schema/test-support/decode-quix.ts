import { asNumber, parseExact } from './parse-exact.js';
import type { NormalRow } from './normalize.js';

export interface Envelope {
  C: unknown;
  K: string;
  V: unknown;
  S: number;
  E: number;
  /** V parsed from value.subarray(S, E), the way the C# reader takes it. */
  sliced: unknown;
}

/** Parses a quix envelope and checks what a reader relies on; throws on anything off. */
export function decodeEnvelope(value: Buffer): Envelope {
  const text = value.toString('utf8');
  if (!text.startsWith('{"C":') || !text.includes('"K":')) throw new Error('not a quix envelope');
  const parsed = parseExact(text) as Record<string, unknown>;
  if (Object.keys(parsed).join() !== 'C,K,V,S,E') throw new Error(`keys ${Object.keys(parsed).join()}`);
  const S = asNumber(parsed['S']);
  const E = asNumber(parsed['E']);
  return {
    C: parsed['C'],
    K: parsed['K'] as string,
    V: parsed['V'],
    S,
    E,
    sliced: parseExact(value.subarray(S, E).toString('utf8')),
  };
}

type Columns = Record<string, unknown[]>;

function asString(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`);
  return value;
}

/** ParameterData back to rows, as the Python reader walks it (nulls dropped, see normalizeRow). */
export function decodeParameterData(payload: unknown): NormalRow[] {
  const p = payload as Record<string, unknown>;
  if (Object.keys(p).join() !== 'Timestamps,NumericValues,StringValues,BinaryValues,TagValues') {
    throw new Error(`payload keys ${Object.keys(p).join()}`);
  }
  const timestamps = p['Timestamps'] as bigint[];
  const kinds = ['NumericValues', 'StringValues', 'BinaryValues', 'TagValues'].map((k) => p[k] as Columns);
  const seen = new Set<string>();
  for (const [i, columns] of kinds.entries()) {
    for (const [name, cells] of Object.entries(columns)) {
      if (cells.length !== timestamps.length) throw new Error(`column ${name} not aligned`);
      // Python keys parameters of all kinds by name in one dict: a name in two kinds would merge.
      if (i < 3 && seen.has(name)) throw new Error(`name ${name} in two kinds`);
      seen.add(name);
    }
  }
  const [numeric, strings, binary, tags] = kinds;
  const at = (columns: Columns, i: number) =>
    Object.entries(columns)
      .map(([name, cells]) => [name, cells[i]] as const)
      .filter(([, cell]) => cell !== null);
  return timestamps.map((timestamp, i) => {
    if (typeof timestamp !== 'bigint') throw new Error('timestamp is not an integer literal');
    return {
      timestamp,
      numeric: Object.fromEntries(at(numeric, i).map(([k, v]) => [k, asNumber(v)])),
      strings: Object.fromEntries(at(strings, i).map(([k, v]) => [k, asString(v)])),
      binary: Object.fromEntries(
        at(binary, i).map(([k, v]) => [k, Array.from(Buffer.from(asString(v), 'base64'))]),
      ),
      tags: Object.fromEntries(at(tags, i).map(([k, v]) => [k, asString(v)])),
    };
  });
}
