import { decodeMessage, type DecodedPackage } from '@quix-connectors/message-schema';
import { createTestTopic, readAll, readWithQuixstreams, testBrokers } from '@quix-connectors/testing';
import { READER_TOKEN, startGateway, WRITER_TOKEN } from './test-support/gateway-process.js';

// The Writer API over HTTP, against the built app and a real broker: every answer comes after
// Kafka's ack, so what a 200 answered must be on the topic when read back.

type Gateway = Awaited<ReturnType<typeof startGateway>>;
const auth = (token = WRITER_TOKEN) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const post = (gateway: Gateway, path: string, body: unknown, token?: string) =>
  fetch(`${gateway.base}${path}`, { method: 'POST', headers: auth(token), body: typeof body === 'string' ? body : JSON.stringify(body) });

async function decodedTopic(topic: string): Promise<{ key: string | null; decoded: DecodedPackage | undefined }[]> {
  const messages = await readAll(testBrokers(), topic, { idleMs: 5000 });
  return messages.map((m) => ({ key: m.key, decoded: decodeMessage(m.value) }));
}

describe.each(['json', 'quix'] as const)('the HTTP writer (%s format)', (format) => {
  let topic: string;
  let gateway: Gateway;
  beforeAll(async () => {
    topic = await createTestTopic(testBrokers(), { prefix: `gateway-http-${format}` });
    gateway = await startGateway([topic], { QUIX_MESSAGE_FORMAT: format });
  });
  afterAll(async () => {
    expect(await gateway.stop()).toBe(0);
  });

  it('creates a stream, takes camelCase and PascalCase parameter data and events, and closes it; all of it is on Kafka', async () => {
    const created = await post(gateway, `/topics/${topic}/streams`, { name: 'car 1', location: '/cars', metadata: { driver: 'ana' } });
    expect(created.status).toBe(200);
    const { streamId } = (await created.json()) as { streamId: string };
    expect(streamId).toMatch(/^[0-9a-f-]{36}$/);

    const ns = 1_733_000_000_123_456_789n;
    const camel = `{"timestamps":[${ns},${ns + 1n}],"numericValues":{"speed":[1.5,2.5]},"stringValues":{"gear":["D","N"]},"tagValues":{"lap":["1","1"]}}`;
    expect((await post(gateway, `/topics/${topic}/streams/${streamId}/parameters/data`, camel)).status).toBe(200);
    const pascal = { Timestamps: [1_733_000_001_000_000_000], NumericValues: { speed: [3] }, BinaryValues: { raw: [Buffer.from('hi').toString('base64')] } };
    expect((await post(gateway, `/topics/${topic}/streams/${streamId}/parameters/data`, pascal)).status).toBe(200);
    const events = [{ Id: 'lap-done', Timestamp: 1_733_000_002_000_000_000, Value: 'lap 1', Tags: { who: 'ana' } }];
    expect((await post(gateway, `/topics/${topic}/streams/${streamId}/events/data`, events)).status).toBe(200);
    expect((await post(gateway, `/topics/${topic}/streams/${streamId}/close`, {})).status).toBe(200);

    const read = await decodedTopic(topic);
    expect(read.every((m) => m.key === streamId)).toBe(true);
    const rows = read.flatMap((m) => (m.decoded?.kind === 'timeseries' ? m.decoded.data.timestamps.map((t, i) => ({ t, data: m.decoded as Extract<DecodedPackage, { kind: 'timeseries' }>, i })) : []));
    expect(rows.map((r) => r.t)).toEqual([ns, ns + 1n, 1_733_000_001_000_000_000n]);
    const first = rows[0]?.data.data;
    expect(first?.numericValues['speed']?.[0]).toBe(1.5);
    expect(first?.stringValues['gear']?.[0]).toBe('D');
    expect(first?.tagValues['lap']?.[0]).toBe('1');
    // The json format writes bytes as base64 text, so a reader sees a string there.
    const raw = rows[2]?.data.data;
    expect((format === 'quix' ? raw?.binaryValues['raw'] : raw?.stringValues['raw'])?.[rows[2]?.i ?? -1]).toBe(Buffer.from('hi').toString('base64'));
    const eventMessages = read.flatMap((m) => (m.decoded?.kind === 'events' ? m.decoded.events : []));
    expect(eventMessages).toEqual([{ id: 'lap-done', value: 'lap 1', timestamp: 1_733_000_002_000_000_000n, tags: { who: 'ana' } }]);
    if (format === 'quix') {
      expect(read[0]?.decoded).toMatchObject({ kind: 'properties', properties: { name: 'car 1', location: '/cars', metadata: { driver: 'ana' } } });
      expect(read[read.length - 1]?.decoded).toEqual({ kind: 'end', type: 'Closed' });
    }
  });

  it('reads Date.now() milliseconds and seconds as such (nanoseconds are the Writer API unit)', async () => {
    const streamId = `ms-${format}`;
    const ms = 1_733_000_000_123;
    const body = { timestamps: [ms, 1_733_000_000], numericValues: { x: [1, 2] } };
    expect((await post(gateway, `/topics/${topic}/streams/${streamId}/parameters/data`, body)).status).toBe(200);
    const read = await decodedTopic(topic);
    const stamps = read.filter((m) => m.key === streamId).flatMap((m) => (m.decoded?.kind === 'timeseries' ? m.decoded.data.timestamps : []));
    expect(stamps).toEqual([BigInt(ms) * 1_000_000n, 1_733_000_000n * 1_000_000_000n]);
  });

  it('is what the official quixstreams library reads', async () => {
    const own = await createTestTopic(testBrokers(), { prefix: `gateway-qs-${format}` });
    const writer = await startGateway([own], { QUIX_MESSAGE_FORMAT: format });
    try {
      const body = { timestamps: [1_733_000_005_000_000_000, 1_733_000_006_000_000_000], numericValues: { qs: [42, 43] }, stringValues: { s: ['a', 'b'] } };
      expect((await post(writer, `/topics/${own}/streams/qs/parameters/data`, body)).status).toBe(200);
      const rows = await readWithQuixstreams({ brokers: testBrokers(), topic: own, format, count: 2, timeoutMs: 20_000 });
      expect(rows.map((r) => r.key)).toEqual(['qs', 'qs']);
      expect(rows.map((r) => r.value)).toEqual([expect.objectContaining({ qs: 42, s: 'a' }), expect.objectContaining({ qs: 43, s: 'b' })]);
    } finally {
      expect(await writer.stop()).toBe(0);
    }
  });
});

describe('the HTTP writer refuses clearly', () => {
  let topic: string;
  let gateway: Gateway;
  beforeAll(async () => {
    topic = await createTestTopic(testBrokers(), { prefix: 'gateway-refusals' });
    gateway = await startGateway([topic], { MAX_BODY_BYTES: '10000', MAX_MESSAGE_BYTES: '2000' });
  });
  afterAll(async () => {
    expect(await gateway.stop()).toBe(0);
  });

  it('401 without a token or with an unknown one, 403 for a token that may not write the topic', async () => {
    const path = `/topics/${topic}/streams`;
    expect((await fetch(`${gateway.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await post(gateway, path, {}, 'not-a-known-token')).status).toBe(401);
    const readerOnly = await post(gateway, path, {}, READER_TOKEN);
    expect(readerOnly.status).toBe(403);
    expect(await readerOnly.json()).toEqual({ error: expect.stringContaining('may not write') });
    expect((await post(gateway, '/topics/other-topic/streams', {})).status).toBe(403);
  });

  it('400 naming the field, for bad bodies; 413 for bodies and rows over the limits', async () => {
    const data = `/topics/${topic}/streams/s1/parameters/data`;
    const cases: [unknown, RegExp][] = [
      [{ timestamps: [1, 2], numericValues: { speed: [1] } }, /data\.numericValues\.speed: has 1 values for 2 timestamps/],
      [{ timestamps: [], numericValues: {} }, /data\.timestamps: needs at least one timestamp/],
      [{ timestamps: ['x'] }, /data\.timestamps\[0\]/],
      [{ timestamps: [1], numericValues: { speed: ['fast'] } }, /data\.numericValues\.speed\[0\]/],
      [{ timestamps: [1], binaryValues: { b: ['not base64!'] } }, /data\.binaryValues\.b\[0\]/],
    ];
    for (const [body, message] of cases) {
      const answer = await post(gateway, data, body);
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as { error: string }).error).toMatch(message);
    }
    const events = await post(gateway, `/topics/${topic}/streams/s1/events/data`, [{ id: 'e', timestamp: 1, value: 'v' }, { timestamp: 1 }]);
    expect(events.status).toBe(400);
    expect(((await events.json()) as { error: string }).error).toMatch(/events\[1\]\.id/);
    expect((await post(gateway, data, '{not json')).status).toBe(400);
    expect((await post(gateway, `/topics/bad%20topic/streams`, {})).status).toBe(400);

    const tooBig = await post(gateway, data, { timestamps: [1], stringValues: { s: ['x'.repeat(20_000)] } });
    expect(tooBig.status).toBe(413);
    const rowTooBig = await post(gateway, data, { timestamps: [1], stringValues: { s: ['x'.repeat(5000)] } });
    expect(rowTooBig.status).toBe(413);
    expect(((await rowTooBig.json()) as { error: string }).error).toMatch(/MAX_MESSAGE_BYTES|2000/);
    // The gateway goes on: a good write after all of that is taken.
    expect((await post(gateway, data, { timestamps: [1_733_000_000_000_000_000], numericValues: { ok: [1] } })).status).toBe(200);
  });

  it('404 for closing a stream that is not open', async () => {
    expect((await post(gateway, `/topics/${topic}/streams/never-opened/close`, {})).status).toBe(404);
  });
});

describe("the HTTP API Source's route, POST /data/", () => {
  it('writes the JSON body as it is, keyed by the path, for the basic login, the X-API-Key header or a writer token', async () => {
    const topic = await createTestTopic(testBrokers(), { prefix: 'gateway-data' });
    const gateway = await startGateway([topic], { BASIC_AUTH_USERNAME: 'device', BASIC_AUTH_PASSWORD: 'pa:ss', API_KEY: 'key-123' });
    try {
      const basic = `Basic ${Buffer.from('device:pa:ss').toString('base64')}`;
      const send = (path: string, headers: Record<string, string>, body: string) => fetch(`${gateway.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body });
      expect((await send('/data/sensor-1', { authorization: basic }, '{"t": 1, "v": 20.5}')).status).toBe(200);
      expect((await send('/data/sensor-2', { 'x-api-key': 'key-123' }, '{"v":1}')).status).toBe(200);
      expect((await send('/data/', { authorization: `Bearer ${WRITER_TOKEN}` }, '[1,2]')).status).toBe(200);
      expect((await send('/data/x', { 'x-api-key': 'wrong' }, '{}')).status).toBe(401);
      expect((await send('/data/x', { authorization: `Basic ${Buffer.from('device:nope').toString('base64')}` }, '{}')).status).toBe(401);
      expect((await send('/data/x', {}, '{}')).status).toBe(401);
      expect((await send('/data/x', { 'x-api-key': 'key-123' }, '{oops')).status).toBe(400);
      const messages = await readAll(testBrokers(), topic, { idleMs: 5000 });
      expect(messages.map((m) => [m.key, m.value.toString()])).toEqual([
        ['sensor-1', '{"t": 1, "v": 20.5}'],
        ['sensor-2', '{"v":1}'],
        ['', '[1,2]'],
      ]);
    } finally {
      expect(await gateway.stop()).toBe(0);
    }
  });
});
