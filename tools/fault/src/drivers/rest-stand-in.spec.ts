import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { RestStandIn } from './rest-stand-in.js';

describe('RestStandIn: the newest records only', () => {
  let standIn: RestStandIn;
  afterEach(() => standIn?.stop());

  const get = async (url: string) => (await (await request(url)).body.json()) as { id: string; seq: number }[];

  it('lists at most `window` of the newest records, oldest first, and remembers which it served', async () => {
    standIn = new RestStandIn({ ratePerS: 200, window: 5 });
    const url = await standIn.start();
    while (standIn.generated < 12) await sleep(20);
    standIn.stopGenerating();
    const records = await get(url);
    const n = standIn.generated;
    expect(records.map((r) => r.seq)).toEqual([n - 4, n - 3, n - 2, n - 1, n]);
    expect(records[0].id).toBe(`r-${n - 4}`);
    expect(standIn.firstInWindow()).toBe(n - 4);
    expect([...standIn.served].sort((a, b) => a - b)).toEqual([n - 4, n - 3, n - 2, n - 1, n]);
    expect(standIn.polls).toBe(1);
  });

  it('answers 404 elsewhere, without counting a poll', async () => {
    standIn = new RestStandIn({ ratePerS: 1, window: 5 });
    const url = await standIn.start();
    expect((await request(url.replace('/records', '/other'))).statusCode).toBe(404);
    expect(standIn.polls).toBe(0);
  });
});
