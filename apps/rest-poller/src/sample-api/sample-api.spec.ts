import type { AddressInfo } from 'node:net';
import { createSampleApi, readingAt, type SampleReading } from './sample-api.js';

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

  it('answers anything else 404 with a JSON error naming the route', async () => {
    const response = await fetch(`${base}/other`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not found; try GET /readings' });
  });
});
