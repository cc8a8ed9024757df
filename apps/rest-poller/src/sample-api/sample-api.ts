import { createServer, type Server } from 'node:http';

/** One reading of the sample API: what a small sensor or weather feed lists. */
export interface SampleReading {
  id: string;
  time: string;
  sensor: string;
  temperature: number;
  humidity: number;
}

/** Readings listed per answer: the newest ones, as "latest N items" feeds do. */
const WINDOW = 10;
const SENSORS = ['roof', 'cellar'];

/** The reading made at `second` (seconds since the epoch): the same second always gives the same reading. */
export function readingAt(second: number): SampleReading {
  const sensor = SENSORS[second % SENSORS.length] as string;
  return {
    id: `${sensor}-${second}`,
    time: new Date(second * 1000).toISOString(),
    sensor,
    temperature: Math.round((18 + 4 * Math.sin(second / 60)) * 100) / 100,
    humidity: Math.round((50 + 15 * Math.cos(second / 90)) * 10) / 10,
  };
}

/**
 * A local REST API for trying rest-poller without the internet: `GET /readings` answers a JSON
 * array of the ten newest readings (one a second), oldest first, so successive polls overlap and
 * ID_FIELD=id shows the dedupe at work. Anything else is a 404 with a JSON error.
 */
export function createSampleApi(now: () => number = Date.now): Server {
  return createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/readings') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found; try GET /readings' }));
      return;
    }
    const newest = Math.floor(now() / 1000);
    const readings = Array.from({ length: WINDOW }, (_, i) => readingAt(newest - WINDOW + 1 + i));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(readings));
  });
}
