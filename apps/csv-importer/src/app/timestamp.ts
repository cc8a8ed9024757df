import { nanosFromMillis } from '@quix-connectors/message-schema';
import { quotedCell } from './quoted-cell.js';
import { compileStrftime } from './strftime.js';

/** `iso`, an epoch unit, or a strftime pattern such as `%d/%m/%Y %H:%M` (anything with a `%`). */
export type TimestampFormat = 'iso' | EpochUnit | (string & {});
type EpochUnit = 's' | 'ms' | 'us' | 'ns';

const DIGITS_BELOW_NANOS: Record<EpochUnit, number> = { s: 9, ms: 6, us: 3, ns: 0 };

/** The cell parser for `format`, compiled once; throws (with the reason) for a bad pattern. */
export function timestampParser(format: TimestampFormat): (text: string) => bigint | string {
  if (format.includes('%')) return compileStrftime(format);
  const known = format === 'iso' || Object.hasOwn(DIGITS_BELOW_NANOS, format) ? (format as 'iso' | EpochUnit) : undefined;
  if (!known) throw new Error('is not iso, s, ms, us, ns or a strftime pattern (with % directives)');
  return (text) => parseTimestamp(text, known);
}
const DECIMAL = /^\s*(\d+)(?:\.(\d*))?\s*$/;
const ISO_FRACTION = /(\d{2}:\d{2}:\d{2})\.(\d+)/;

/** A timestamp cell as nanoseconds since the epoch, exactly (no double rounding), or a reason. */
export function parseTimestamp(text: string, format: 'iso' | EpochUnit): bigint | string {
  if (format === 'iso') return parseIso(text);
  const match = DECIMAL.exec(text);
  if (!match) return `${quotedCell(text)} is not a non-negative epoch number in ${format}`;
  const shift = DIGITS_BELOW_NANOS[format];
  const fraction = (match[2] ?? '').padEnd(shift, '0').slice(0, shift);
  return BigInt(match[1]) * 10n ** BigInt(shift) + (shift > 0 ? BigInt(fraction) : 0n);
}

function parseIso(text: string): bigint | string {
  const trimmed = text.trim();
  // Date.parse keeps ms; the digits below ms are added back exactly.
  const fraction = ISO_FRACTION.exec(trimmed)?.[2] ?? '';
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) || !/\d{2}:\d{2}/.test(trimmed) ? trimmed : `${trimmed}Z`;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(ms) || ms < 0) {
    return `${quotedCell(text)} is not an ISO 8601 time after 1970`;
  }
  const subMillis = BigInt(fraction.padEnd(9, '0').slice(3, 9));
  return nanosFromMillis(ms) + subMillis;
}
