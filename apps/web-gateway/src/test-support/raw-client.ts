import { WebSocket } from 'ws';

export interface RawClient {
  socket: WebSocket;
  send(data: string | Buffer): void;
  /** The next frame's text. */
  next(): Promise<string>;
  /** Resolves with the WebSocket close code and reason once the server closes. */
  closed: Promise<{ code: number; reason: string }>;
  /** Every frame received so far, joined. */
  received(): string;
  close(): void;
}

/** A plain `ws` client: what a non-SignalR or hostile client sends, byte for byte. */
export async function rawClient(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const socket = new WebSocket(url, { headers });
  const frames: string[] = [];
  let read = 0;
  const waiting: (() => void)[] = [];
  socket.on('message', (data) => {
    frames.push(String(data));
    waiting.shift()?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    send: (data) => socket.send(data),
    async next() {
      while (read >= frames.length) await new Promise<void>((resolve) => waiting.push(resolve));
      return frames[read++];
    },
    closed,
    received: () => frames.join(''),
    close: () => socket.close(),
  };
}

/** A raw client that has done the JSON handshake. */
export async function handshaken(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const client = await rawClient(url, headers);
  client.send('{"protocol":"json","version":1}\u001e');
  const answer = await client.next();
  if (answer !== '{}\u001e') throw new Error(`handshake answered ${answer}`);
  return client;
}
