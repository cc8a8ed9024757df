import { quotedCell } from './quoted-cell.js';

// Timestamps written in a strftime pattern (Python's strptime directives, which pandas users
// know), e.g. `%d/%m/%Y %H:%M:%S.%f`. The pattern is compiled once into one regular expression;
// each cell then costs one match and one Date.UTC. Without %z the time is UTC, as for ISO 8601.

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const names = (list: string[], length?: number) => list.map((n) => (length ? n.slice(0, length) : n)).join('|');

type Field = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'hour12' | 'ampm' | 'minute' | 'second' | 'fraction' | 'zone' | 'ignored';

/** Each supported directive: what it captures, and the text it matches. */
const DIRECTIVES: Record<string, { field: Field; pattern: string }> = {
  Y: { field: 'year', pattern: '\\d{4}' },
  y: { field: 'year2', pattern: '\\d{2}' },
  m: { field: 'month', pattern: '\\d{1,2}' },
  d: { field: 'day', pattern: '\\d{1,2}' },
  H: { field: 'hour', pattern: '\\d{1,2}' },
  I: { field: 'hour12', pattern: '\\d{1,2}' },
  p: { field: 'ampm', pattern: '[AaPp][Mm]' },
  M: { field: 'minute', pattern: '\\d{1,2}' },
  S: { field: 'second', pattern: '\\d{1,2}' },
  f: { field: 'fraction', pattern: '\\d{1,9}' },
  z: { field: 'zone', pattern: 'Z|z|[+-]\\d{2}:?\\d{2}' },
  b: { field: 'monthName', pattern: names(MONTHS, 3) },
  B: { field: 'monthName', pattern: names(MONTHS) },
  a: { field: 'ignored', pattern: names(WEEKDAYS, 3) },
  A: { field: 'ignored', pattern: names(WEEKDAYS) },
};

export const STRFTIME_DIRECTIVES = `%${Object.keys(DIRECTIVES).join(' %')} %%`;

export type StrftimeParser = (text: string) => bigint | string;

/** Compiles `format`; throws an Error naming what is wrong with it (for the config check). */
export function compileStrftime(format: string): StrftimeParser {
  const fields: Field[] = [];
  let source = '';
  for (let i = 0; i < format.length; i += 1) {
    const char = format[i] as string;
    if (char !== '%') {
      source += /\s/.test(char) ? '\\s+' : char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    const directive = format[(i += 1)];
    if (directive === '%') {
      source += '%';
      continue;
    }
    const known = directive === undefined ? undefined : DIRECTIVES[directive];
    if (!known) throw new Error(`%${directive ?? ''} is not a supported directive (supported: ${STRFTIME_DIRECTIVES})`);
    if (known.field !== 'ignored' && fields.includes(known.field)) throw new Error(`%${directive} repeats a field already in the pattern`);
    fields.push(known.field);
    source += `(${known.pattern})`;
  }
  const has = (f: Field) => fields.includes(f);
  if (!(has('year') || has('year2')) || !(has('month') || has('monthName')) || !has('day')) {
    throw new Error('needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)');
  }
  if (has('hour12') !== has('ampm')) throw new Error('%I and %p go together');
  const regex = new RegExp(`^\\s*${source}\\s*$`, 'i');

  return (text) => {
    const match = regex.exec(text);
    if (!match) return `${quotedCell(text)} does not match the format ${format}`;
    const parts: Partial<Record<Field, string>> = {};
    fields.forEach((field, index) => (parts[field] = match[index + 1]));
    return toNanos(parts, text, format);
  };
}

function toNanos(parts: Partial<Record<Field, string>>, text: string, format: string): bigint | string {
  const number = (field: Field) => Number(parts[field] ?? 0);
  const twoDigitYear = number('year2');
  const year = parts.year !== undefined ? number('year') : twoDigitYear < 69 ? 2000 + twoDigitYear : 1900 + twoDigitYear; // as Python's %y
  const monthName = parts.monthName?.toLowerCase();
  const month = monthName !== undefined ? MONTHS.findIndex((m) => m.startsWith(monthName)) + 1 : number('month');
  const day = number('day');
  let hour = number('hour');
  if (parts.hour12 !== undefined) {
    const h = number('hour12');
    if (h < 1 || h > 12) return invalid(text, format, 'the hour (%I) is not 1-12');
    hour = (h % 12) + (parts.ampm?.toLowerCase() === 'pm' ? 12 : 0);
  }
  const minute = number('minute');
  const second = number('second');
  if (month < 1 || month > 12) return invalid(text, format, 'the month is not 1-12');
  if (hour > 23 || minute > 59 || second > 60) return invalid(text, format, 'the time of day is out of range');
  const ms = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 April over to 1 May: a day that moved is a day that does not exist.
  if (new Date(ms).getUTCDate() !== day || day < 1) return invalid(text, format, `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`);
  const offsetMs = zoneOffsetMs(parts.zone);
  const nanos = (BigInt(ms - offsetMs) + (second === 60 ? 1000n : 0n)) * 1_000_000n + BigInt((parts.fraction ?? '').padEnd(9, '0'));
  return nanos < 0n ? invalid(text, format, 'it is before 1970') : nanos;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return (digits.startsWith('-') ? -minutes : minutes) * 60_000;
}

function invalid(text: string, format: string, why: string): string {
  return `${quotedCell(text)} matches the format ${format} but ${why}`;
}
