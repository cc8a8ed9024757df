import { randomUUID } from 'node:crypto';
import { setImmediate, setTimeout as sleep } from 'node:timers/promises';
import { testStateStore } from '../test/harness.js';
import type { KafkaStateStore } from './kafka-state-store.js';

const LINGER_MS = 1000;

function openStore(topic: string): KafkaStateStore {
  return testStateStore(topic, { lingerMs: LINGER_MS });
}

describe('KafkaStateStore linger', () => {
  it('holds a save for the linger, sends the saves made meanwhile with it, and reads them all back', async () => {
    const topic = `rest-poller-state-${randomUUID()}`;
    const writer = openStore(topic);
    try {
      await writer.load();
      const first = performance.now();
      const weather = writer.save('weather', { newIds: ['a'], etag: '"v1"' });
      await sleep(50); // well inside the linger
      let pricesSaved = false;
      const prices = writer.save('prices', { newIds: ['1'] }).then(() => (pricesSaved = true));

      await weather;
      // Timers may fire up to a millisecond early.
      expect(performance.now() - first).toBeGreaterThanOrEqual(LINGER_MS - 1);
      // One produce call settles both: by the next turn of the event loop the later save is done too.
      await setImmediate();
      expect(pricesSaved).toBe(true);
      await prices;
    } finally {
      await writer.close();
    }

    const reader = openStore(topic);
    try {
      expect(Object.fromEntries(await reader.load())).toEqual({
        weather: { ids: ['a'], etag: '"v1"' },
        prices: { ids: ['1'] },
      });
    } finally {
      await reader.close();
    }
  });
});
