import fc from 'fast-check';
import { chunkKey, MAX_CHUNKS, StateLog, type StateRecord } from './state-log.js';

/** What a compacted topic keeps: the last record of each key, tombstones removed. */
function compacted(records: readonly StateRecord[]): StateRecord[] {
  const last = new Map<string, string | null>();
  for (const { key, value } of records) {
    last.delete(key); // keep the order of last writes
    last.set(key, value);
  }
  return [...last].filter(([, value]) => value !== null).map(([key, value]) => ({ key, value }));
}

const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `id-${from + i}`);

describe('StateLog', () => {
  it('writes a save as its new ids and the head, not the whole window', () => {
    const log = new StateLog(10_000);
    log.recordsFor('weather', { newIds: ids(0, 500), etag: '"1"' });
    const records = log.recordsFor('weather', { newIds: ['new-1'], etag: '"2"' });
    expect(records).toEqual([
      { key: chunkKey('weather', 1), value: '["new-1"]' },
      { key: 'weather', value: '{"etag":"\\"2\\""}' },
    ]);
  });

  it('deletes chunks that fall wholly out of the window', () => {
    const log = new StateLog(4);
    const written = [0, 1, 2, 3].flatMap((n) => log.recordsFor('a', { newIds: ids(n * 2, 2) }));
    expect(compacted(written).map((r) => r.key)).toEqual([chunkKey('a', 2), chunkKey('a', 3), 'a']);
    expect(new StateLog(4).restore(written).get('a')?.ids).toEqual(ids(4, 4));
  });

  it(`merges an endpoint's chunks into one once there are more than ${MAX_CHUNKS}`, () => {
    const log = new StateLog(10_000);
    const written: StateRecord[] = [];
    for (let n = 0; n < MAX_CHUNKS + 1; n += 1) written.push(...log.recordsFor('a', { newIds: [`id-${n}`] }));
    const live = compacted(written);
    expect(live.map((r) => r.key)).toEqual([chunkKey('a', MAX_CHUNKS + 1), 'a']);
    expect(new StateLog(10_000).restore(live).get('a')?.ids).toEqual(ids(0, MAX_CHUNKS + 1));
  });

  it('reads the earlier format (ids in the head) and moves those ids into a chunk on the next save', () => {
    const old: StateRecord[] = [{ key: 'a', value: JSON.stringify({ ids: ['x', 'y'], etag: '"1"' }) }];
    const log = new StateLog(100);
    expect(log.restore(old).get('a')).toEqual({ ids: ['x', 'y'], etag: '"1"', lastModified: undefined, resume: undefined });
    const next = log.recordsFor('a', { newIds: ['z'], etag: '"2"' });
    expect(new StateLog(100).restore(compacted([...old, ...next])).get('a')).toMatchObject({ ids: ['x', 'y', 'z'], etag: '"2"' });
  });

  it('after a failed send, the next save rewrites the window whole', () => {
    const log = new StateLog(100);
    const sent = log.recordsFor('a', { newIds: ['1'] });
    log.recordsFor('a', { newIds: ['2'] }); // lost: the send failed
    log.afterFailedSend('a');
    const next = log.recordsFor('a', { newIds: ['3'] });
    expect(new StateLog(100).restore(compacted([...sent, ...next])).get('a')?.ids).toEqual(['1', '2', '3']);
  });

  it('restores the last maxIds ids and the newest head, from all records or the compacted ones, across restarts', () => {
    const save = fc.record({ endpoint: fc.constantFrom('a', 'b'), count: fc.nat(5), etag: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(save, { maxLength: 150 }), fc.nat(150), (maxIds, saves, restartAt) => {
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
          written.push(...log.recordsFor(endpoint, { newIds, etag }));
        });
        for (const records of [written, compacted(written)]) {
          const states = new StateLog(maxIds).restore(records);
          for (const [endpoint, all] of published) {
            expect(states.get(endpoint)?.ids).toEqual(all.slice(-maxIds));
            expect(states.get(endpoint)?.etag).toBe(heads.get(endpoint));
          }
        }
        // The topic stays small: per endpoint at most MAX_CHUNKS + 1 chunks and a head.
        expect(compacted(written).length).toBeLessThanOrEqual(2 * (MAX_CHUNKS + 2));
      }),
    );
  });
});
