import fc from 'fast-check';
import { sequence, tallyIds } from './id-tally.js';

describe('tallyIds', () => {
  it.each([
    ['everything once', ['a', 'b', 'c'], ['a', 'b', 'c'], { accepted: 3, inTopic: 3, lost: 0, duplicated: 0, unaccepted: 0 }],
    ['one lost', ['a', 'b', 'c'], ['a', 'c'], { accepted: 3, inTopic: 2, lost: 1, duplicated: 0, unaccepted: 0, lostSample: ['b'] }],
    ['one three times', ['a', 'b'], ['a', 'b', 'b', 'b'], { accepted: 2, inTopic: 4, lost: 0, duplicated: 2, unaccepted: 0 }],
    ['one never accepted, twice', ['a'], ['a', 'x', 'x'], { accepted: 1, inTopic: 3, lost: 0, duplicated: 1, unaccepted: 1 }],
    ['nothing written', ['a', 'b'], [], { accepted: 2, inTopic: 0, lost: 2, duplicated: 0, unaccepted: 0 }],
    ['an id accepted twice counts once', ['a', 'a'], ['a'], { accepted: 1, inTopic: 1, lost: 0, duplicated: 0, unaccepted: 0 }],
  ])('%s', (_name, accepted, seen, expected) => {
    expect(tallyIds(accepted, seen)).toMatchObject(expected);
  });

  it('always has inTopic = accepted - lost + unaccepted + duplicated', () => {
    const ids = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 20 });
    fc.assert(
      fc.property(ids, ids, (accepted, seen) => {
        const t = tallyIds(accepted, seen);
        expect(t.inTopic).toBe(t.accepted - t.lost + t.unaccepted + t.duplicated);
      }),
    );
  });
});

it('sequence gives the ids from..to as strings', () => {
  expect(sequence(3, 6)).toEqual(['3', '4', '5', '6']);
  expect(sequence(1, 0)).toEqual([]);
});
