import type * as signalR from '@microsoft/signalr';
import { decodeMessage } from '@quix-connectors/message-schema';
import { createTestTopic, readAll, testBrokers } from '@quix-connectors/testing';
import { READER_TOKEN, startGateway, WRITER_TOKEN } from './test-support/gateway-process.js';
import { eventually, officialClient } from './test-support/hub-harness.js';

// The SignalR hub through the official @microsoft/signalr client, against the built app and a
// real broker: writes are read back from Kafka, reads are what another client wrote.

type Gateway = Awaited<ReturnType<typeof startGateway>>;

describe.each(['json', 'quix'] as const)('the SignalR hub (%s format)', (format) => {
  let topic: string;
  let gateway: Gateway;
  const connections: signalR.HubConnection[] = [];
  const connect = async (token: string) => {
    const connection = officialClient(`${gateway.base}/hub`, { accessTokenFactory: () => token });
    connections.push(connection);
    await connection.start();
    return connection;
  };

  beforeAll(async () => {
    topic = await createTestTopic(testBrokers(), { prefix: `gateway-hub-${format}` });
    gateway = await startGateway([topic], { QUIX_MESSAGE_FORMAT: format });
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    expect(await gateway.stop()).toBe(0);
  });

  it('writes with CreateStream, SendParameterData, SendEventData and CloseStream; each completes after Kafka has it', async () => {
    const writer = await connect(WRITER_TOKEN);
    const { streamId } = await writer.invoke<{ streamId: string }>('CreateStream', topic, { name: 'mouse', location: '/browser' });
    await writer.invoke('SendParameterData', topic, streamId, { timestamps: [1_733_000_000_000_000_000], numericValues: { x: [0.25] } });
    // The seed page's call, with Date.now() milliseconds as many pages send them.
    await writer.invoke('SendEventData', topic, streamId, [{ id: 'mouse', timestamp: 1_733_000_000_001, tags: {}, value: '{"x":0.5,"y":0.5}' }]);
    await writer.invoke('CloseStream', topic, streamId);
    const decoded = (await readAll(testBrokers(), topic, { idleMs: 5000 })).filter((m) => m.key === streamId).map((m) => decodeMessage(m.value));
    expect(decoded).toContainEqual({ kind: 'timeseries', data: expect.objectContaining({ timestamps: [1_733_000_000_000_000_000n], numericValues: { x: [0.25] } }) });
    expect(decoded).toContainEqual({ kind: 'events', events: [{ id: 'mouse', timestamp: 1_733_000_000_001_000_000n, value: '{"x":0.5,"y":0.5}', tags: {} }] });
    if (format === 'quix') expect(decoded[decoded.length - 1]).toEqual({ kind: 'end', type: 'Closed' });
  });

  it('refuses writes with a message the client can read: bad data, a topic not granted, a read-only token', async () => {
    const writer = await connect(WRITER_TOKEN);
    await expect(writer.invoke('SendParameterData', topic, 's', { timestamps: [1, 2], numericValues: { x: [1] } })).rejects.toThrow(/data\.numericValues\.x: has 1 values for 2 timestamps/);
    await expect(writer.invoke('CreateStream', 'not-granted', {})).rejects.toThrow(/may not write to topic "not-granted"/);
    const reader = await connect(READER_TOKEN);
    await expect(reader.invoke('SendEventData', topic, 's', [{ id: 'e', timestamp: 1, value: 'v' }])).rejects.toThrow(/may not write/);
    // The connection stays usable after a refusal.
    await writer.invoke('SendEventData', topic, 's', [{ id: 'e', timestamp: 1_733_000_000_000_000_000, value: 'v' }]);
  });

  it('refuses a connection without a valid token', async () => {
    const stranger = officialClient(`${gateway.base}/hub`, { accessTokenFactory: () => 'wrong-token-xyz' });
    await expect(stranger.start()).rejects.toThrow(/401|Unauthorized/);
    const negotiate = await fetch(`${gateway.base}/hub/negotiate?negotiateVersion=1&access_token=${READER_TOKEN}`, { method: 'POST' });
    expect(negotiate.status).toBe(200); // browsers send the token in the query string
  });

  it('pushes PackageReceived, ParameterDataReceived, EventDataReceived and ActiveStreamsChanged to readers', async () => {
    const reader = await connect(READER_TOKEN);
    const packages: { streamId: string; type: string; value: string; topicName: string }[] = [];
    const parameters: { streamId: string; numericValues: Record<string, number[]>; timestamps: number[] }[] = [];
    const events: { id: string; value: string; streamId: string }[] = [];
    const changes: [{ streamId: string; name: string | null; parameters: string[] }, string][] = [];
    reader.on('PackageReceived', (p) => packages.push(p));
    reader.on('ParameterDataReceived', (p) => parameters.push(p));
    reader.on('EventDataReceived', (e) => events.push(e));
    reader.on('ActiveStreamsChanged', (stream, action) => changes.push([stream, action]));
    await reader.invoke('SubscribeToPackages', topic);
    await reader.invoke('SubscribeToParameter', topic, '*', 'speed');
    await reader.invoke('SubscribeToEvent', topic, 'car', 'lap');
    expect(Array.isArray(await reader.invoke('SubscribeToActiveStreams', topic))).toBe(true);

    const writer = await connect(WRITER_TOKEN);
    await writer.invoke('CreateStream', topic, { streamId: 'car', name: 'Car' });
    await writer.invoke('SendParameterData', topic, 'car', { timestamps: [1_733_000_000_000_000_000], numericValues: { speed: [88], rpm: [3000] } });
    await writer.invoke('SendParameterData', topic, 'car', { timestamps: [1_733_000_000_100_000_000], numericValues: { rpm: [3100] } });
    await writer.invoke('SendEventData', topic, 'car', [{ id: 'lap', timestamp: 1_733_000_000_200_000_000, value: '{"x":1}' }, { id: 'pit', timestamp: 1_733_000_000_300_000_000, value: 'in' }]);

    await eventually(() => packages.length >= 3 && events.length >= 1 && parameters.length >= 1);
    // The seed reader page reads `JSON.parse(data.value)[0].Value`.
    const eventPackage = packages.find((p) => p.type.includes('EventData'));
    expect(JSON.parse(eventPackage?.value ?? '[]')[0].Value).toBe('{"x":1}');
    const rows = packages.filter((p) => p.type === 'QuixStreams.Telemetry.Models.TimeseriesDataRaw').map((p) => JSON.parse(p.value));
    expect(rows[0]).toMatchObject({ Timestamps: [1_733_000_000_000_000_000], NumericValues: { speed: [88], rpm: [3000] } });
    expect(packages.every((p) => p.topicName === topic && p.streamId === 'car')).toBe(true);
    // Only the rows that carry `speed`, and only that parameter.
    expect(parameters).toHaveLength(1);
    expect(parameters[0]).toMatchObject({ streamId: 'car', numericValues: { speed: [88] } });
    expect(events).toEqual([expect.objectContaining({ id: 'lap', value: '{"x":1}', streamId: 'car' })]);
    await eventually(() => changes.some(([s]) => s.streamId === 'car' && s.parameters.includes('speed')));
    if (format === 'quix') expect(changes.some(([s]) => s.name === 'Car')).toBe(true);

    await reader.invoke('UnsubscribeFromPackages', topic);
    const before = packages.length;
    await writer.invoke('SendParameterData', topic, 'car', { timestamps: [1_733_000_001_000_000_000], numericValues: { speed: [90] } });
    await eventually(() => parameters.length >= 2); // still subscribed to the parameter
    expect(packages.length).toBe(before);
  });

  it('refuses reading a topic the token does not grant', async () => {
    const reader = await connect(READER_TOKEN);
    await expect(reader.invoke('SubscribeToPackages', 'elsewhere')).rejects.toThrow(/may not read topic "elsewhere"/);
    const writer = await connect(WRITER_TOKEN);
    await expect(writer.invoke('SubscribeToPackages', topic)).rejects.toThrow(/may not read/);
  });
});
