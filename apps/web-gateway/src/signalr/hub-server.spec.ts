import * as signalR from '@microsoft/signalr';
import { closedWith, type Harness, officialClient, startHarness } from '../test-support/hub-harness.js';
import type { HubEndpoint } from './hub-types.js';
import { HubError } from './protocol-error.js';

/** A hub for protocol tests: echo, add, a refusal, a crash, a push back to the caller, a client stream sum. */
function testEndpoint(calls: unknown[][]): HubEndpoint<string> {
  return {
    path: '/hub',
    authenticate: ({ accessToken }) => (accessToken === 'good' ? 'alice' : null),
    open(client) {
      return {
        async invoke(target, args) {
          calls.push([target, ...args]);
          switch (target) {
            case 'Echo':
              return args[0];
            case 'Add':
              return (args[0] as number) + (args[1] as number);
            case 'Refuse':
              throw new HubError('refused: topic "x" is not allowed');
            case 'Crash':
              throw new Error('secret internals');
            case 'Push':
              client.send('Pushed', [client.principal, args[0]]);
              return undefined;
            case 'Sum': {
              let sum = 0;
              for await (const item of args[0] as AsyncIterable<number>) sum += item;
              return sum;
            }
            default:
              throw new HubError(`Unknown method '${target}'.`);
          }
        },
        closed() {
          calls.push(['closed']);
        },
      };
    },
  };
}

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
    const raw = await rawSocket(url);
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
    const sockets: import('node:stream').Duplex[] = [];
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

/** A plain ws client: what a non-SignalR or hostile client would send. */
async function rawSocket(url: string) {
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(url);
  const received: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  socket.on('message', (data) => {
    const text = String(data);
    const waiter = waiting.shift();
    if (waiter) waiter(text);
    else received.push(text);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    send: (text: string | Buffer) => socket.send(text),
    next: () => new Promise<string>((resolve) => (received.length > 0 ? resolve(received.shift() as string) : waiting.push(resolve))),
    close: () => socket.close(),
  };
}
