import { randomUUID } from 'node:crypto';
import { createTestTopic, testBrokers } from '@quix-connectors/testing';
import { committedRows, endpoint, instantClock, pollerFor, recordingBadRecords, silent, startStandIn, transactionsOn } from '../test/harness.js';
import type { Endpoint } from './endpoint-config.js';
import { startRestPoller } from './rest-poller.js';

// Time-window polling on the real broker: each window starts where the last completed one
// ended, kept in the state topic, so restarts neither skip nor repeat; failures do not move it.

const BASE = Date.parse('2026-12-04T12:00:00.000Z');
/** One event a second from BASE for a minute, each at its own instant. */
const EVENTS = Array.from({ length: 60 }, (_, i) => ({ at: BASE + i * 1000, n: i }));
const within = (since: number, until: number) => EVENTS.filter((e) => e.at >= since && e.at < until);

/** A fresh poller for each run on one state topic and transactional id, as the runtime makes it after a restart. */
function deployment(topic: string) {
  const stateTopic = `rest-poller-window-state-${randomUUID()}`;
  const transactionalId = `rest-poller-window-${randomUUID()}`;
  return async (e: Endpoint, nowMs: number) => {
    const { producer, state } = await transactionsOn(topic, { stateTopic, transactionalId });
    const { badRecords } = recordingBadRecords();
    const running = startRestPoller({ transactions: producer, state, endpoints: [e], logger: silent, dedupeMaxIds: 100, clock: instantClock(() => nowMs), schedule: false, badRecords, fail: (err) => { throw err; } });
    const outcome = await running.pollers.get(e.name)?.poll();
    await running.close();
    await producer.close();
    return outcome;
  };
}

describe('time windows', () => {
  it('continues the window from the state topic after a restart, without gap or overlap (query, ISO 8601)', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-window' });
    const asked: { since?: string; until?: string }[] = [];
    const api = await startStandIn((app) =>
      app.get('/events', async (req) => {
        const q = req.query as { from?: string; to?: string };
        asked.push({ since: q.from, until: q.to });
        return within(Date.parse(q.from ?? ''), Date.parse(q.to ?? '')).map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
      }),
    );
    const e = endpoint({ url: `${api.url}/events`, window: { in: 'query', sinceParam: 'from', untilParam: 'to', lookbackS: 10 } });
    const run = deployment(topic);
    expect(await run(e, BASE + 20_000)).toMatchObject({ published: 10 });
    expect(await run(e, BASE + 35_500)).toMatchObject({ published: 16 });
    expect(await run(e, BASE + 41_000)).toMatchObject({ published: 5 });
    expect(asked).toEqual([
      { since: '2026-12-04T12:00:10.000Z', until: '2026-12-04T12:00:20.000Z' },
      { since: '2026-12-04T12:00:20.000Z', until: '2026-12-04T12:00:35.500Z' },
      { since: '2026-12-04T12:00:35.500Z', until: '2026-12-04T12:00:41.000Z' },
    ]);
    // Every event from 10 s to 41 s exactly once, though there is no ID_FIELD to dedupe with.
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual(within(BASE + 10_000, BASE + 41_000).map((x) => x.n));
    await api.close();
  });

  it('does not move the window on a failed poll, also across a restart (body, unix seconds, WINDOW_START)', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-window-fail' });
    const asked: unknown[] = [];
    let failNext = false;
    const api = await startStandIn((app) =>
      app.post('/search', async (req, reply) => {
        const { range } = req.body as { range: { gte: number; lt: number } };
        asked.push(range);
        if (failNext) {
          failNext = false;
          return reply.code(500).send({ error: 'search cluster unavailable' });
        }
        return { hits: within(range.gte * 1000, range.lt * 1000) };
      }),
    );
    const e = endpoint({
      url: `${api.url}/search`,
      method: 'POST',
      body: '{"range": {"gte": {{since}}, "lt": {{until}}}}',
      recordsPath: 'hits',
      maxRetries: 0,
      window: { in: 'body', format: 'unix-s', start: '2026-12-04T12:00:05Z' },
    });
    const run = deployment(topic);
    const s = (offsetMs: number) => (BASE + offsetMs) / 1000;
    expect(await run(e, BASE + 15_000)).toMatchObject({ published: 10 });
    failNext = true;
    expect(await run(e, BASE + 25_000)).toMatchObject({ published: 0, failure: expect.objectContaining({ kind: 'status', status: 500 }) });
    expect(await run(e, BASE + 30_000)).toMatchObject({ published: 15 });
    expect(asked).toEqual([
      { gte: s(5_000), lt: s(15_000) },
      { gte: s(15_000), lt: s(25_000) },
      { gte: s(15_000), lt: s(30_000) },
    ]);
    expect((await committedRows(topic, e.name)).map((r) => r['n'])).toEqual(within(BASE + 5_000, BASE + 30_000).map((x) => x.n));
    await api.close();
  });

  it('keeps the window of a poll cut short by the page limit until all its pages are fetched', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'rest-poller-window-pages' });
    const { producer } = await transactionsOn(topic);
    const asked: Record<string, string>[] = [];
    const api = await startStandIn((app) =>
      app.get('/events', async (req) => {
        const q = req.query as Record<string, string>;
        asked.push(q);
        const page = Number(q['page']);
        return within(Number(q['since']), Number(q['until'])).slice((page - 1) * 5, page * 5);
      }),
    );
    let now = BASE + 10_000;
    const e = endpoint({ url: `${api.url}/events`, maxPages: 1, pagination: { type: 'page', pageSize: 5 }, window: { in: 'query', format: 'unix-ms', lookbackS: 10 } });
    const { poller, saved } = pollerFor(producer, e, { clock: instantClock(() => now) });
    expect(await poller.poll()).toMatchObject({ published: 5 });
    now += 5_000;
    expect(await poller.poll()).toMatchObject({ published: 5 });
    expect(saved.at(-1)?.windowEnd).toBeUndefined(); // page 2 was full: page 3 may hold more of the first window
    now += 5_000;
    expect(await poller.poll()).toMatchObject({ published: 0 });
    expect(saved.at(-1)?.windowEnd).toBe(BASE + 10_000);
    now += 5_000;
    expect(await poller.poll()).toMatchObject({ published: 5 });
    expect(asked.map((q) => [q['since'], q['until'], q['page']])).toEqual([
      [String(BASE), String(BASE + 10_000), '1'],
      [String(BASE), String(BASE + 10_000), '2'],
      [String(BASE), String(BASE + 10_000), '3'],
      [String(BASE + 10_000), String(BASE + 25_000), '1'],
    ]);
    await api.close();
    await producer.close();
  });
});
