import { tallySamples } from './sample-gaps.js';

const MS = 1_000_000n;
const start = 1_764_000_000_000;
/** Sample times of a 100 ms fixed-rate schedule, with a few ms of jitter as real sampling has. */
const at = (...indices: number[]) => indices.map((n) => BigInt(start + n * 100) * MS + BigInt((n * 7) % 5) * MS);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('tallySamples (fixed-rate samples, 100 ms)', () => {
  it('counts none missing when every sample up to the end is there', () => {
    const t = tallySamples(at(...range(0, 99)), 100, start + 100 * 100, 0);
    expect(t).toMatchObject({ accepted: 100, inTopic: 100, lost: 0, duplicated: 0, gaps: [] });
  });

  it('counts a hole in the middle as lost, with where it was', () => {
    const t = tallySamples(at(...range(0, 9), ...range(20, 29)), 100, start + 30 * 100, 0);
    expect(t).toMatchObject({ accepted: 30, inTopic: 20, lost: 10, gaps: [{ afterMs: start + 900 + 3, missing: 10 }] });
  });

  it('counts samples missing after the last row, up to one interval before the stop', () => {
    const t = tallySamples(at(...range(0, 9)), 100, start + 20 * 100 + 50, 0);
    expect(t).toMatchObject({ accepted: 20, lost: 10 });
  });

  it('does not count samples the app reported as skipped', () => {
    const t = tallySamples(at(...range(0, 9), ...range(13, 19)), 100, start + 20 * 100, 3);
    expect(t).toMatchObject({ lost: 0, accepted: 17, reportedSkipped: 3 });
  });

  it('counts a row written twice as a duplicate, not as a sample', () => {
    const rows = at(...range(0, 9));
    const t = tallySamples([...rows, rows[4], rows[5]], 100, start + 10 * 100, 0);
    expect(t).toMatchObject({ accepted: 10, inTopic: 12, duplicated: 2, lost: 0 });
  });

  it('gives zero of everything for an empty topic', () => {
    expect(tallySamples([], 100, start, 0)).toMatchObject({ accepted: 0, inTopic: 0, lost: 0 });
  });
});
