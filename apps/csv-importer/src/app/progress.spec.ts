import { etaSeconds, formatEta } from './progress.js';

describe('the ETA', () => {
  it('is the bytes left at this run\'s rate', () => {
    // 10 MB of 100 MB read in 5 s: 90 MB left at 2 MB/s.
    expect(etaSeconds({ bytes: 10e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 0, 5000)).toBe(45);
    // A resumed run counts only what it read itself.
    expect(etaSeconds({ bytes: 60e6, totalBytes: 100e6, rows: 0, badRows: 0 }, 50e6, 5000)).toBe(20);
  });

  it('is unknown until there is a rate, never a made-up 0', () => {
    expect(etaSeconds({ bytes: 0, totalBytes: 100, rows: 0, badRows: 0 }, 0, 10_000)).toBeUndefined();
    expect(etaSeconds({ bytes: 5, totalBytes: 100, rows: 0, badRows: 0 }, 0, 100)).toBeUndefined();
    expect(formatEta(undefined)).toBe('…');
  });

  it.each([
    [0, '0s'],
    [59, '59s'],
    [61, '1m01s'],
    [3725, '1h02m'],
  ])('%i s reads %s', (s, text) => expect(formatEta(s)).toBe(text));
});
