import { MAX_RECORD_AGE_MS, recordTimes } from './record-time.js';

const at = (ms: number) => ({ key: 's', value: Buffer.from('v'), timestamp: String(ms) });

describe('recordTimes', () => {
  const now = 1_800_000_000_000;

  it.each([
    ['now', now, now],
    ['an hour ago, to the ms', now - MAX_RECORD_AGE_MS, now - MAX_RECORD_AGE_MS],
    ['in the future', now + 60_000, now + 60_000],
    ['an hour and a ms ago', now - MAX_RECORD_AGE_MS - 1, now],
    ['in 2024', 1_733_000_000_000, now],
    ['in 1970', 0, now],
  ])('a record stamped %s goes with Kafka time %i', (_case, stamped, kafkaTime) => {
    expect(recordTimes([at(stamped)], now).map((m) => Number(m.timestamp))).toEqual([kafkaTime]);
  });

  it('leaves a send of recent records as it is (no copy), and changes only the old ones of a mixed send', () => {
    const recent = [at(now - 5), at(now)];
    expect(recordTimes(recent, now)).toBe(recent);
    const mixed = [at(0), at(now - 5)];
    expect(recordTimes(mixed, now).map((m) => m.timestamp)).toEqual([String(now), String(now - 5)]);
    expect(mixed[0].timestamp).toBe('0'); // the caller's messages are not changed
  });
});
