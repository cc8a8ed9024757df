import { FakeClock } from '@quix-connectors/timing/testing';
import type { EventRecord } from '@quix-connectors/message-schema';
import { BadRecords } from './bad-records.js';
import type { BadRecordError, BadRecordPolicy } from './bad-record.js';

function recordsWith(policy: BadRecordPolicy) {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj: obj as Record<string, unknown>, msg });
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  const letters: EventRecord[] = [];
  const failures: BadRecordError[] = [];
  const clock = new FakeClock();
  const records = new BadRecords({
    policy,
    source: 'test-app',
    logger,
    clock,
    maxMessageBytes: 10_000,
    deadLetters: async (event) => void letters.push(event),
    fail: (error) => failures.push(error),
  });
  return { records, lines, letters, failures, clock };
}

const bad = (line: number) => ({ where: { connection: 1, line }, code: 'NOT_A_POST', reason: 'data.text is a number', raw: `{"data":{"text":${line}}}` });

describe('BadRecords', () => {
  it('skip: counts every one, logs the first at once and the rest once per 10 s with how many', async () => {
    const { records, lines, letters, failures, clock } = recordsWith('skip');
    for (let i = 1; i <= 50; i++) records.report(bad(i));
    expect(records.count).toBe(50);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines[0].msg).toMatch(/bad record skipped: connection 1, line 1: data.text is a number \(NOT_A_POST\)/);
    await clock.advance(10_000);
    records.report(bad(51));
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.obj['alsoSinceLastReport'])).toEqual([0, 49]);
    expect(letters).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('dead-letter: sends each one, raw and located, as a bad-record event', async () => {
    const { records, letters } = recordsWith('dead-letter');
    records.report(bad(7));
    records.report({ ...bad(8), raw: Uint8Array.from([0x7b, 0xff, 0x7d]) });
    await new Promise((r) => setImmediate(r));
    expect(letters.map((l) => [l.id, l.tags])).toEqual([
      ['bad-record', { code: 'NOT_A_POST', source: 'test-app' }],
      ['bad-record', { code: 'NOT_A_POST', source: 'test-app' }],
    ]);
    const values = letters.map((l) => JSON.parse(l.value) as Record<string, unknown>);
    expect(values[0]).toMatchObject({ source: 'test-app', where: { connection: 1, line: 7 }, code: 'NOT_A_POST', raw: '{"data":{"text":7}}', rawEncoding: 'utf8', rawTruncated: false });
    expect(values[1]).toMatchObject({ raw: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), rawEncoding: 'base64' });
  });

  it('dead-letter: a raw input too large for one message is cut, and says so', async () => {
    const { records, letters } = recordsWith('dead-letter');
    records.report({ ...bad(1), raw: 'x'.repeat(100_000) });
    await new Promise((r) => setImmediate(r));
    const value = JSON.parse(letters[0].value) as { raw: string; rawTruncated: boolean };
    expect(value.rawTruncated).toBe(true);
    expect(Buffer.byteLength(letters[0].value)).toBeLessThan(10_000);
  });

  it('fail: stops the connector with the record, where it was and why', () => {
    const { records, failures } = recordsWith('fail');
    records.report(bad(3));
    expect(failures.map((f) => [f.code, f.message])).toEqual([['BAD_RECORD', 'connection 1, line 3: data.text is a number (NOT_A_POST)']]);
  });

  it('turns rows a stream could not deliver into bad records, with the row as its raw text', () => {
    const { records, lines } = recordsWith('skip');
    records.refused({ streamId: 's', topic: 't', rows: [{ timestamp: 12345678901234567890n, strings: { Tags: 'x' } }], reason: 'INVALID_ROW', message: 'reserved name' });
    expect(lines[0].obj).toMatchObject({ where: { stream: 's', topic: 't' }, code: 'INVALID_ROW' });
    expect(records.count).toBe(1);
  });
});
