import * as signalR from '@microsoft/signalr';
import { closedWith, eventually, type Harness, officialClient, startHarness } from '../test-support/hub-harness.js';
import { handshaken, rawClient } from '../test-support/raw-client.js';
import { testEndpoint } from '../test-support/test-hub.js';
import type { SignalrLimits } from './signalr-limits.js';

const auth = { accessTokenFactory: () => 'good' };

describe('SignalR server limits (each configurable)', () => {
  let harness: Harness;
  let calls: unknown[][];
  const clients: signalR.HubConnection[] = [];
  const start = async (limits: Partial<SignalrLimits>) => {
    calls = [];
    harness = await startHarness([testEndpoint(calls)], limits);
  };
  const connect = async (options: signalR.IHttpConnectionOptions = auth) => {
    const connection = officialClient(`${harness.base}/hub`, options);
    clients.push(connection);
    await connection.start();
    return connection;
  };
  const ws = () => `${harness.base.replace('http', 'ws')}/hub?access_token=good`;

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    await harness.close();
  });

  it('closes a connection whose message is over maxMessageBytes, naming the limit', async () => {
    await start({ maxMessageBytes: 1024 });
    const connection = await connect();
    const closed = closedWith(connection);
    await expect(connection.invoke('Echo', 'x'.repeat(2000))).rejects.toThrow();
    expect((await closed)?.message).toMatch(/maximum message size of 1024 bytes/);
  });

  it('counts a message split over frames, so a separator that never comes cannot grow the buffer', async () => {
    await start({ maxMessageBytes: 1024 });
    const client = await handshaken(ws());
    for (let i = 0; i < 5; i++) client.send('{"type":1,"target":"Echo","arguments":["' + 'y'.repeat(300));
    expect(await client.closed).toEqual({ code: 1009, reason: expect.stringMatching(/maximum message size of 1024 bytes/) });
    expect(client.received()).toMatch(/"type":7,"error":"A message exceeded the maximum message size of 1024 bytes/);
  });

  it('refuses invocations over the rate limit with an error, and closes a client that keeps on', async () => {
    await start({ messagesPerSecond: 1, messageBurst: 3 });
    const connection = await connect();
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => connection.invoke('Echo', n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect((results[3] as PromiseRejectedResult).reason.message).toMatch(/Rate limit exceeded: at most 1 messages a second \(bursts of 3\)/);
    const closed = closedWith(connection);
    await Promise.allSettled([1, 2, 3].map((n) => connection.invoke('Echo', n)));
    expect((await closed)?.message).toMatch(/Rate limit exceeded/);
  });

  it('refuses connections over maxConnections with 503 (negotiate and WebSocket)', async () => {
    await start({ maxConnections: 2 });
    await connect();
    await connect();
    await expect(connect()).rejects.toThrow(/503/);
    await expect(rawClient(ws())).rejects.toThrow(/503/);
    await clients[0].stop();
    await eventually(() => harness.server.connectionCount === 1);
    expect(await (await connect()).invoke('Add', 1, 1)).toBe(2);
  });

  it('closes a connection that does not handshake within handshakeTimeoutMs', async () => {
    await start({ handshakeTimeoutMs: 100 });
    const client = await rawClient(ws());
    expect(await client.closed).toEqual({ code: 1008, reason: 'No handshake within 100 ms of connecting.' });
  });

  it('pings an idle client every keepAliveIntervalMs, so the official client stays connected', async () => {
    await start({ keepAliveIntervalMs: 40 });
    const client = await handshaken(ws());
    expect(await client.next()).toBe('{"type":6}\u001e');
    client.close();
    const connection = officialClient(`${harness.base}/hub`, auth);
    connection.serverTimeoutInMilliseconds = 300; // far below the 30 s default; the server's pings keep it alive
    clients.push(connection);
    await connection.start();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(connection.state).toBe(signalR.HubConnectionState.Connected);
  });

  it('closes a client that sends nothing (no pings) for clientTimeoutMs', async () => {
    await start({ clientTimeoutMs: 150, keepAliveIntervalMs: 50 });
    const client = await handshaken(ws());
    const { code } = await client.closed;
    expect(code).toBe(1008);
    expect(client.received()).toMatch(/"type":7,"error":"Nothing was received from the client for 150 ms/);
  });

  it('disconnects a reader slower than maxBufferedBytes instead of buffering without bound', async () => {
    await start({ maxBufferedBytes: 65_536, closeGraceMs: 100 });
    const client = await handshaken(ws());
    (client.socket as unknown as { _socket: { pause(): void } })._socket.pause(); // stop reading
    client.send('{"type":1,"invocationId":"1","target":"Flood","arguments":[2000,16384]}\u001e');
    await eventually(() => calls.some((c) => c[0] === 'closed'));
    expect(harness.server.connectionCount).toBe(0);
  });

  it('stops reading a client with too many invocations pending, and goes on when they finish', async () => {
    await start({ maxPendingInvocations: 2 });
    const connection = await connect();
    const waits = [1, 2, 3, 4].map(() => connection.invoke('Wait', 50));
    await Promise.all(waits);
    expect(calls.filter((c) => c[0] === 'Wait')).toHaveLength(4);
  });
});
