import type { Logger } from '../logger.js';
import { ResendCheck } from './resend-check.js';

function check() {
  const warnings: Record<string, unknown>[] = [];
  const ignore = () => undefined;
  const logger: Logger = { debug: ignore, info: ignore, error: ignore, warn: (fields) => void warnings.push(fields as Record<string, unknown>) };
  return { resends: new ResendCheck(logger), warnings };
}

const ack = (partition: number, baseOffset: number) => [{ topicName: 't', partition, errorCode: 0, baseOffset: String(baseOffset) }];
const sent = (partition: number, messages: number) => new Map([[partition, messages]]);

describe('ResendCheck', () => {
  it.each([
    ['acknowledged where the last batch ended (the broker dropped the copy, or never had it)', 10, 0],
    ['acknowledged one batch further on: the earlier copy sits in between', 13, 3],
    ['acknowledged further on than the batch: other writers too', 15, 3],
  ])('a resend %s reports %i', (_case, resentAt, reported) => {
    const { resends, warnings } = check();
    resends.acknowledged('t', ack(0, 7), sent(0, 3)); // offsets 7..9
    resends.failed('t', [0]);
    resends.acknowledged('t', ack(0, resentAt), sent(0, 3));
    expect(resends.possibleDuplicates).toBe(reported);
    expect(warnings.map((w) => [w['lastAckedEnd'], w['resentAt'], w['between']])).toEqual(reported === 0 ? [] : [['10', String(resentAt), resentAt - 10]]);
  });

  it('says nothing of sends that did not fail, of other partitions, or of a first send with nothing acknowledged before it', () => {
    const { resends, warnings } = check();
    resends.failed('t', [0]);
    resends.acknowledged('t', ack(0, 50), sent(0, 3)); // nothing known before: no baseline
    resends.acknowledged('t', ack(0, 60), sent(0, 3)); // others wrote meanwhile, but no send of ours failed
    resends.acknowledged('t', ack(1, 0), sent(1, 2));
    resends.failed('t', [1]);
    resends.acknowledged('t', ack(0, 70), sent(0, 3)); // partition 0 did not fail
    resends.acknowledged('t', ack(1, 2), sent(1, 2)); // partition 1 resent where it ended
    expect({ total: resends.possibleDuplicates, warnings }).toEqual({ total: 0, warnings: [] });
  });

  it('counts across resends and starts afresh after each acknowledgement', () => {
    const { resends } = check();
    resends.acknowledged('t', ack(0, 0), sent(0, 2));
    resends.failed('t', [0]);
    resends.acknowledged('t', ack(0, 4), sent(0, 2)); // copy at 2..3
    resends.acknowledged('t', ack(0, 6), sent(0, 1)); // in order: nothing
    resends.failed('t', [0]);
    resends.acknowledged('t', ack(0, 8), sent(0, 1)); // copy at 7
    expect(resends.possibleDuplicates).toBe(3);
  });
});
