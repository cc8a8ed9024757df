import { formatInstant, nextWindow } from './time-window.js';

describe('time windows', () => {
  const now = Date.parse('2026-12-04T18:00:00.250Z');

  it('starts the first window lookbackS before now, or at start, and the next where the last ended', () => {
    expect(nextWindow({ lookbackS: 3600 }, undefined, now)).toEqual({ since: now - 3_600_000, until: now });
    expect(nextWindow({ lookbackS: 3600, start: '2026-12-01T00:00:00Z' }, undefined, now)).toEqual({ since: Date.parse('2026-12-01T00:00:00Z'), until: now });
    expect(nextWindow({ lookbackS: 3600, start: '2026-12-01T00:00:00Z' }, now - 5000, now)).toEqual({ since: now - 5000, until: now });
  });

  it('gives an empty window, never a reversed one, when the clock went back', () => {
    expect(nextWindow({ lookbackS: 0 }, now + 1000, now)).toEqual({ since: now + 1000, until: now + 1000 });
  });

  it.each([
    ['iso8601', '2026-12-04T18:00:00.250Z'],
    ['unix-s', 1796407200],
    ['unix-ms', 1796407200250],
  ] as const)('writes an instant as %s', (format, expected) => {
    expect(formatInstant(now, format)).toBe(expected);
  });

  it('rounds unix seconds down, so the end of one window and the start of the next are written alike', () => {
    expect(formatInstant(now + 749, 'unix-s')).toBe(1796407200);
    expect(formatInstant(now - 251, 'unix-s')).toBe(1796407199);
  });
});
