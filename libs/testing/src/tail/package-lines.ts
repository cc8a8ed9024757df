import type { DecodedPackage } from '@quix-connectors/message-schema';

/** One thing a reader sees on a topic: a row, an event, the stream's properties or its end. */
export interface TailItem {
  stream: string | null;
  type: 'row' | 'event' | 'properties' | 'end';
  /** Nanoseconds since the epoch, exact, as a decimal string (null for properties). */
  timestamp: string | null;
  /** Row: column -> value (numbers, strings, base64 bytes); event: { id, value }; properties or end: what they hold. */
  values: Record<string, unknown>;
  tags?: Record<string, string>;
}

/** The items of one decoded package, in order: a time series package holds one per timestamp. */
export function tailItems(stream: string | null, decoded: DecodedPackage): TailItem[] {
  switch (decoded.kind) {
    case 'timeseries': {
      const { timestamps, numericValues, stringValues, binaryValues, tagValues } = decoded.data;
      return timestamps.map((timestamp, i) => {
        const values: Record<string, unknown> = {};
        for (const columns of [numericValues, stringValues, binaryValues]) {
          for (const [name, column] of Object.entries(columns)) if (column[i] !== null && column[i] !== undefined) values[name] = column[i];
        }
        const tags: Record<string, string> = {};
        for (const [name, column] of Object.entries(tagValues)) if (typeof column[i] === 'string') tags[name] = column[i] as string;
        return { stream, type: 'row', timestamp: timestamp.toString(), values, ...withTags(tags) };
      });
    }
    case 'events':
      return decoded.events.map((e) => ({ stream, type: 'event', timestamp: e.timestamp.toString(), values: { id: e.id, value: e.value }, ...withTags(e.tags ?? {}) }));
    case 'properties':
      return [{ stream, type: 'properties', timestamp: null, values: { ...decoded.properties } }];
    case 'end':
      return [{ stream, type: 'end', timestamp: null, values: { type: decoded.type } }];
  }
}

/** Tags only when there are some, so lines stay short. */
function withTags(tags: Record<string, string>): { tags?: Record<string, string> } {
  return Object.keys(tags).length > 0 ? { tags } : {};
}

/** One JSON line per item, for pipes and scripts. */
export function jsonLine(item: TailItem): string {
  return JSON.stringify(item);
}

/** One readable line per item, for a terminal: time, stream, type, then name=value pairs. */
export function prettyLine(item: TailItem): string {
  const time = item.timestamp === null ? '-'.repeat(24) : isoFromNanos(item.timestamp);
  const pairs = Object.entries({ ...item.values, ...prefixed(item.tags) }).map(([name, value]) => `${name}=${show(value)}`);
  return [time, item.stream ?? '(no key)', item.type.padEnd(10), pairs.join(' ')].join('  ');
}

function prefixed(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).map(([k, v]) => [`#${k}`, v]));
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

/** Millisecond-precision ISO time of a nanosecond timestamp; nonsense (before 1970 or past year 9999) shows the raw number. */
function isoFromNanos(nanos: string): string {
  const ms = Number(BigInt(nanos) / 1_000_000n);
  return ms >= 0 && ms < 253_402_300_800_000 ? new Date(ms).toISOString() : `${nanos}ns`.padStart(24);
}
