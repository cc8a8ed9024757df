import type { Duplex } from 'node:stream';
import * as signalR from '@microsoft/signalr';
import { closedWith, type Harness, officialClient, startHarness } from '../test-support/hub-harness.js';
import { rawClient } from '../test-support/raw-client.js';
import { testEndpoint } from '../test-support/test-hub.js';

describe('SignalR server with the official @microsoft/signalr client', () => {
  let harness: Harness;
  let calls: unknown[][];
  const connections: signalR.HubConnection[] = [];
  const connect = async (options: signalR.IHttpConnectionOptions = { accessTokenFactory: () => 'good' }) => {
    const connection = officialClient(`${harness.base}/hub`, options);
    connections.push(connection);
    await connection.start();
    return connection;
  };

  beforeEach(async () => {
    calls = [];
    harness = await startHarness([testEndpoint(calls)]);
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((c) => c.stop()));
    await harness.close();
  });

  it('negotiates (v1, connection token) and invokes with completion results', async () => {
    const connection = await connect();
    expect(connection.state).toBe(signalR.HubConnectionState.Connected);
    expect(await connection.invoke('Add', 40, 2)).toBe(42);
    expect(await connection.invoke('Echo', { nested: ['a', null, 1.5] })).toEqual({ nested: ['a', null, 1.5] });
    expect(await connection.invoke('Push', 'x')).toBeUndefined(); // a void method: completion without result
  });

  it('answers a refusal with its message and hides other errors behind a generic one', async () => {
    const connection = await connect();
    await expect(connection.invoke('Refuse')).rejects.toThrow('refused: topic "x" is not allowed');
    await expect(connection.invoke('Crash')).rejects.toThrow("An unexpected error occurred invoking 'Crash' on the server.");
    await expect(connection.invoke('Crash')).rejects.not.toThrow('secret internals');
  });

  it('runs send() (no invocationId) without answering, and pushes invocations to the client', async () => {
    const connection = await connect();
    const pushed = new Promise<unknown[]>((resolve) => connection.on('Pushed', (...args) => resolve(args)));
    await connection.send('Push', 'hello');
    expect(await pushed).toEqual(['alice', 'hello']);
  });

  it('hands a client-to-server stream (streamIds) to the method as an async iterable', async () => {
    const connection = await connect();
    const subject = new signalR.Subject<number>();
    const sum = connection.invoke('Sum', subject);
    for (const n of [1, 2, 3, 4]) subject.next(n);
    subject.complete();
    expect(await sum).toBe(10);
  });

  it('refuses a streaming invocation (stream()) with a clear error', async () => {
    const connection = await connect();
    const failed = new Promise<Error>((resolve) =>
      connection.stream('Echo', 1).subscribe({ next: () => undefined, complete: () => undefined, error: resolve }),
    );
    expect((await failed).message).toMatch(/'Echo' is not a streaming method/);
  });

  it('accepts the token in the query string (as browsers send it) and skipped negotiation', async () => {
    const connection = await connect({ skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => 'good' });
    expect(await connection.invoke('Add', 1, 2)).toBe(3);
    const url = `${harness.base.replace('http', 'ws')}/hub?access_token=good`;
    const raw = await rawClient(url);
    raw.send('{"protocol":"json","version":1}\u001e');
    expect(await raw.next()).toBe('{}\u001e');
    raw.close();
  });

  it('refuses a bad or missing token at negotiate and at the WebSocket', async () => {
    await expect(connect({ accessTokenFactory: () => 'bad' })).rejects.toThrow(/401/);
    await expect(connect({})).rejects.toThrow(/401/);
    await expect(connect({ skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets, accessTokenFactory: () => 'bad' })).rejects.toThrow();
    expect(calls).toEqual([]);
  });

  it('tells the client why the server closed', async () => {
    const connection = await connect();
    const closed = closedWith(connection);
    await harness.server.close();
    expect((await closed)?.message).toMatch(/The server is shutting down/);
    expect(calls).toContainEqual(['closed']);
  });

  it('lets withAutomaticReconnect() clients reconnect when the server drops the socket', async () => {
    const sockets: Duplex[] = [];
    harness.http.server.prependListener('upgrade', (_request, socket) => sockets.push(socket));
    const connection = officialClient(`${harness.base}/hub`, { accessTokenFactory: () => 'good' }, (b) => b.withAutomaticReconnect([0, 10, 50]));
    connections.push(connection);
    await connection.start();
    const firstId = connection.connectionId;
    const reconnected = new Promise<string | undefined>((resolve) => connection.onreconnected(resolve));
    for (const socket of sockets) socket.destroy(); // no Close message, no close frame: a network cut
    const newId = await reconnected;
    expect(newId).toBeDefined();
    expect(newId).not.toBe(firstId);
    expect(await connection.invoke('Add', 2, 2)).toBe(4);
  });
});
