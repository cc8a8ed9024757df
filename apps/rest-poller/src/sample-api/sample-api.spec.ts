import type { AddressInfo } from 'node:net';
import { createSampleApi, readingAt, SAMPLE_CLIENT, type SampleReading } from './sample-api.js';

describe('the sample API', () => {
  const server = createSampleApi(() => 1_796_400_000_500);
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lists the ten newest readings, oldest first, each with an id and an ISO time', async () => {
    const response = await fetch(`${base}/readings`);
    expect(response.headers.get('content-type')).toBe('application/json');
    const readings = (await response.json()) as SampleReading[];
    expect(readings).toHaveLength(10);
    expect(readings.at(-1)).toEqual(readingAt(1_796_400_000));
    expect(readings[0]?.time).toBe('2026-12-04T15:59:51.000Z');
    expect(new Set(readings.map((r) => r.id)).size).toBe(10);
  });

  it('answers anything else 404 with a JSON error naming the routes', async () => {
    const response = await fetch(`${base}/other`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/^not found; try GET \/readings/);
  });

  it('lists the readings of a time window, since inclusive and until exclusive, in ISO 8601 or unix time', async () => {
    const iso = (await (await fetch(`${base}/readings?since=2026-12-04T15:59:00.000Z&until=2026-12-04T15:59:03.000Z`)).json()) as SampleReading[];
    expect(iso.map((r) => r.time)).toEqual(['2026-12-04T15:59:00.000Z', '2026-12-04T15:59:01.000Z', '2026-12-04T15:59:02.000Z']);
    const unix = (await (await fetch(`${base}/readings?since=1796399940&until=1796399943000`)).json()) as SampleReading[];
    expect(unix).toEqual(iso);
    const search = await fetch(`${base}/readings/search`, { method: 'POST', body: JSON.stringify({ since: 1796399940, until: '2026-12-04T15:59:03.000Z' }) });
    expect(await search.json()).toEqual(iso);
    // Nothing from the future: the window ends at the newest reading.
    const ahead = (await (await fetch(`${base}/readings?since=1796399998&until=1796400100`)).json()) as SampleReading[];
    expect(ahead.map((r) => r.id)).toEqual(['roof-1796399998', 'cellar-1796399999', 'roof-1796400000']);
  });

  it('issues tokens to its one client by the client credentials grant, and /secure/readings demands one', async () => {
    expect((await fetch(`${base}/secure/readings`)).status).toBe(401);
    const refused = await fetch(`${base}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sample', client_secret: 'wrong' }) });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'invalid_client' });
    const basic = Buffer.from(`${SAMPLE_CLIENT.id}:${SAMPLE_CLIENT.secret}`).toString('base64');
    const granted = await fetch(`${base}/oauth/token`, { method: 'POST', headers: { authorization: `Basic ${basic}` }, body: new URLSearchParams({ grant_type: 'client_credentials' }) });
    const token = (await granted.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    const secure = await fetch(`${base}/secure/readings`, { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(((await secure.json()) as SampleReading[]).at(-1)).toEqual(readingAt(1_796_400_000));
  });
});
