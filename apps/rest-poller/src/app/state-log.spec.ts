import fc from 'fast-check';
import { chunkKey, MAX_CHUNKS, StateLog, StateUnreadableError, type StateRecord } from './state-log.js';

/** What a compacted topic keeps (and the runtime hands over): the last value of each key, tombstones removed. */
function compacted(records: readonly StateRecord[]): Map<string, string> {
  const last = new Map<string, string | null>();
  for (const { key, value } of records) {
    last.delete(key); // keep the order of last writes
    last.set(key, value);
  }
  return new Map([...last].filter((entry): entry is [string, string] => entry[1] !== null));
}

/** Plans a save and applies it, as a committed poll does. */
function save(log: StateLog, endpoint: string, change: Parameters<StateLog['plan']>[1]): StateRecord[] {
  const plan = log.plan(endpoint, change);
  plan.apply();
  return plan.records;
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `id-${from + i}`);

describe('StateLog', () => {
  it('writes a save as its new ids and the head, not the whole window', () => {
    const log = new StateLog(10_000);
    save(log, 'weather', { newIds: ids(0, 500), etag: '"1"' });
    const records = save(log, 'weather', { newIds: ['new-1'], etag: '"2"' });
    expect(records).toEqual([
      { key: chunkKey('weather', 1), value: '["new-1"]' },
      { key: 'weather', value: '{"etag":"\\"2\\""}' },
    ]);
  });

  it('deletes chunks that fall wholly out of the window', () => {
    const log = new StateLog(4);
    const written = [0, 1, 2, 3].flatMap((n) => save(log, 'a', { newIds: ids(n * 2, 2) }));
    expect([...compacted(written).keys()]).toEqual([chunkKey('a', 2), chunkKey('a', 3), 'a']);
    expect(new StateLog(4).restore(compacted(written)).get('a')?.ids).toEqual(ids(4, 4));
  });

  it(`merges an endpoint's chunks into one once there are more than ${MAX_CHUNKS}`, () => {
    const log = new StateLog(10_000);
    const written: StateRecord[] = [];
    for (let n = 0; n < MAX_CHUNKS + 1; n += 1) written.push(...save(log, 'a', { newIds: [`id-${n}`] }));
    const live = compacted(written);
    expect([...live.keys()]).toEqual([chunkKey('a', MAX_CHUNKS + 1), 'a']);
    expect(new StateLog(10_000).restore(live).get('a')?.ids).toEqual(ids(0, MAX_CHUNKS + 1));
  });

  it('reads the earlier format (ids in the head) and moves those ids into a chunk on the next save', () => {
    const old: StateRecord[] = [{ key: 'a', value: JSON.stringify({ ids: ['x', 'y'], etag: '"1"' }) }];
    const log = new StateLog(100);
    expect(log.restore(compacted(old)).get('a')).toEqual({ ids: ['x', 'y'], etag: '"1"', lastModified: undefined, resume: undefined });
    const next = save(log, 'a', { newIds: ['z'], etag: '"2"' });
    expect(new StateLog(100).restore(compacted([...old, ...next])).get('a')).toMatchObject({ ids: ['x', 'y', 'z'], etag: '"2"' });
  });

  it('a plan never applied (its commit failed) leaves the log as it was: the next save writes from the committed state', () => {
    const log = new StateLog(100);
    const committed = save(log, 'a', { newIds: ['1'] });
    const failed = log.plan('a', { newIds: ['2'] }); // not applied: the transaction did not commit
    const next = save(log, 'a', { newIds: ['3'] });
    expect(next.map((r) => r.key)).toEqual(failed.records.map((r) => r.key));
    expect(new StateLog(100).restore(compacted([...committed, ...next])).get('a')?.ids).toEqual(['1', '3']);
  });

  it('a record that is not JSON stops the start, naming its key', () => {
    expect(() => new StateLog(100).restore(new Map([['a', 'not json']]))).toThrow(StateUnreadableError);
    expect(() => new StateLog(100).restore(new Map([['a', 'not json']]))).toThrow(/under key "a" that is not JSON/);
  });

  it('restores the last maxIds ids and the newest head from the compacted records, across restarts', () => {
    const aSave = fc.record({ endpoint: fc.constantFrom('a', 'b'), count: fc.nat(5), etag: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(aSave, { maxLength: 150 }), fc.nat(150), (maxIds, saves, restartAt) => {
        let log = new StateLog(maxIds);
        const written: StateRecord[] = [];
        const published = new Map<string, string[]>();
        const heads = new Map<string, string | undefined>();
        saves.forEach(({ endpoint, count, etag }, n) => {
          if (n === restartAt) {
            log = new StateLog(maxIds);
            log.restore(compacted(written));
          }
          const newIds = ids(n * 10, count);
          published.set(endpoint, [...(published.get(endpoint) ?? []), ...newIds]);
          heads.set(endpoint, etag);
          written.push(...save(log, endpoint, { newIds, etag }));
        });
        {
          const states = new StateLog(maxIds).restore(compacted(written));
          for (const [endpoint, all] of published) {
            expect(states.get(endpoint)?.ids).toEqual(all.slice(-maxIds));
            expect(states.get(endpoint)?.etag).toBe(heads.get(endpoint));
          }
        }
        // The topic stays small: per endpoint at most MAX_CHUNKS + 1 chunks and a head.
        expect(compacted(written).size).toBeLessThanOrEqual(2 * (MAX_CHUNKS + 2));
      }),
    );
  });
});
