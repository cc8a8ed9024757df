import fc from 'fast-check';
import { ConfigError, loadConfig } from '@quix-connectors/config';
import { csvCrossChecks, csvImporterVariables } from './csv-variables.js';
import { compileStrftime } from './strftime.js';

const nanos = (iso: string, extraNanos = 0n) => BigInt(Date.parse(iso)) * 1_000_000n + extraNanos;

describe('strftime timestamp formats', () => {
  it.each([
    ['%d/%m/%Y %H:%M:%S', '23/11/2026 14:05:09', nanos('2026-11-23T14:05:09Z')],
    ['%Y-%m-%d %H:%M:%S.%f', '2024-02-29 23:59:58.123456789', nanos('2024-02-29T23:59:58Z', 123_456_789n)],
    ['%Y-%m-%d %H:%M:%S.%f', '2024-02-29 23:59:58.5', nanos('2024-02-29T23:59:58.500Z')],
    ['%Y-%m-%dT%H:%M:%S%z', '2024-03-05T10:00:00+02:00', nanos('2024-03-05T08:00:00Z')],
    ['%Y-%m-%dT%H:%M:%S%z', '2024-03-05T10:00:00-0130', nanos('2024-03-05T11:30:00Z')],
    ['%Y-%m-%dT%H:%M:%S%z', '2024-03-05T10:00:00Z', nanos('2024-03-05T10:00:00Z')],
    ['%d %b %Y %I:%M %p', '5 mar 2024 1:07 PM', nanos('2024-03-05T13:07:00Z')],
    ['%d %b %Y %I:%M %p', '5 Mar 2024 12:07 am', nanos('2024-03-05T00:07:00Z')],
    ['%A, %B %d, %Y', 'Tuesday, March 5, 2024', nanos('2024-03-05T00:00:00Z')],
    ['%m/%d/%y', '12/31/99', nanos('1999-12-31T00:00:00Z')],
    ['%m/%d/%y', '01/02/24', nanos('2024-01-02T00:00:00Z')],
    ['%Y%m%d-%H%M', '20240102-0304', nanos('2024-01-02T03:04:00Z')],
    ['%d.%m.%Y 100%%', ' 02.01.2024 100% ', nanos('2024-01-02T00:00:00Z')],
  ])('%s reads %j', (format, text, expected) => {
    expect(compileStrftime(format)(text)).toBe(expected);
  });

  it.each([
    ['%d/%m/%Y', '31/04/2024', 'day 31 does not exist in 2024-04'],
    ['%d/%m/%Y', '29/02/2023', 'day 29 does not exist in 2023-02'],
    ['%d/%m/%Y', '01/13/2024', 'the month is not 1-12'],
    ['%Y-%m-%d %H:%M', '2024-01-01 24:00', 'the time of day is out of range'],
    ['%d/%m/%Y %I %p', '01/01/2024 13 pm', 'the hour (%I) is not 1-12'],
    ['%d/%m/%Y', '2024-01-01', 'does not match the format %d/%m/%Y'],
    ['%d/%m/%Y', '01/01/1960', 'it is before 1970'],
  ])('%s refuses %j, saying why', (format, text, why) => {
    expect(compileStrftime(format)(text)).toEqual(expect.stringContaining(why));
  });

  it.each([
    ['%d/%m/%Y %Q', '%Q is not a supported directive'],
    ['%H:%M', 'needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)'],
    ['%d/%m/%Y %I:%M', '%I and %p go together'],
    ['%d/%m/%Y %d', '%d repeats a field'],
    ['%d/%m/%Y %', '% is not a supported directive'],
  ])('refuses the pattern %j', (format, why) => {
    expect(() => compileStrftime(format)).toThrow(why);
  });

  it('agrees with ISO 8601 for any time from 1970 to 2200, to the nanosecond', () => {
    const parse = compileStrftime('%Y-%m-%d %H:%M:%S.%f');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) - 1 }), fc.integer({ min: 0, max: 999_999 }), (ms, belowMs) => {
        const iso = new Date(ms).toISOString(); // 2024-01-02T03:04:05.678Z
        const text = `${iso.slice(0, 10)} ${iso.slice(11, 23)}${String(belowMs).padStart(6, '0')}`;
        expect(parse(text)).toBe(BigInt(ms) * 1_000_000n + BigInt(belowMs));
      }),
    );
  });

  it('a pattern that does not compile is a configuration problem, listed at start', () => {
    const load = () => loadConfig(csvImporterVariables, { KAFKA_BROKERS: 'k:9092', TIMESTAMP_COLUMN: 't', TIMESTAMP_FORMAT: '%d/%m/%Y %Q' }, [csvCrossChecks]);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TIMESTAMP_FORMAT: %Q is not a supported directive/);
    expect(loadConfig(csvImporterVariables, { KAFKA_BROKERS: 'k:9092', TIMESTAMP_FORMAT: '%d/%m/%Y' }, [csvCrossChecks]).timestampFormat).toBe('%d/%m/%Y');
  });
});
