import { tallySamples } from './sample-gaps.js';

const MS = 1_000_000n;
const start = 1_764_000_000_000;
/**
 * Row times of a 100 ms fixed-rate schedule: deadline n stamped when its sample starts, late by
 * `late(n)` ms (the event loop was busy), never early.
 */
const rows = (indices: number[], late: (n: number) => number = (n) => (n * 7) % 5) => indices.map((n) => BigInt(start + n * 100 + late(n)) * MS);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const stopAt = (deadlines: number) => start + deadlines * 100 + 30; // SIGTERM 30 ms after deadline n-1's interval

describe('tallySamples (fixed-rate samples every 100 ms)', () => {
  it('finds none lost when every deadline up to the stop has a row', () => {
    expect(tallySamples(rows(range(0, 99)), 100, stopAt(100), 0)).toMatchObject({ due: 100, accepted: 100, inTopic: 100, lost: 0, duplicated: 0, gaps: [] });
  });

  it('counts a hole in the middle as lost, and says where it was', () => {
    const t = tallySamples(rows([...range(0, 9), ...range(20, 29)]), 100, stopAt(30), 0);
    expect(t).toMatchObject({ due: 30, accepted: 30, inTopic: 20, lost: 10, gaps: [{ afterMs: start + 900 + 3, missing: 10 }] });
    expect(t.lostSample).toEqual([`a gap of ~10 after ${new Date(start + 903).toISOString()}`]);
  });

  it('counts samples missing after the last row, up to one interval before the stop', () => {
    expect(tallySamples(rows(range(0, 9)), 100, stopAt(20), 0)).toMatchObject({ due: 20, accepted: 20, lost: 10 });
  });

  it('does not count the samples the app reported as skipped', () => {
    expect(tallySamples(rows([...range(0, 9), ...range(13, 19)]), 100, stopAt(20), 3)).toMatchObject({ lost: 0, accepted: 17, reportedSkipped: 3, lostSample: [] });
  });

  it('is not fooled by rows stamped late by more than half an interval, or even a whole one', () => {
    const late = (n: number) => (n === 5 ? 80 : n === 12 ? 160 : 2);
    // Deadline 13 passed while sample 12 ran (stamped 160 ms late): skipped, and reported so.
    const t = tallySamples(rows([...range(0, 12), ...range(14, 29)], late), 100, stopAt(30), 1);
    expect(t).toMatchObject({ due: 30, lost: 0, accepted: 29 });
  });

  it('counts a row written twice as a duplicate, not as a sample', () => {
    const written = rows(range(0, 9));
    expect(tallySamples([...written, written[4], written[5]], 100, stopAt(10), 0)).toMatchObject({ accepted: 10, inTopic: 12, duplicated: 2, lost: 0 });
  });

  it('gives zero of everything for an empty topic', () => {
    expect(tallySamples([], 100, start, 0)).toMatchObject({ due: 0, accepted: 0, inTopic: 0, lost: 0 });
  });
});
