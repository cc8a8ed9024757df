import { loadConfig } from '@quix-connectors/config';
import pino from 'pino';
import { FakeClock } from '../stand-in/fake-clock.js';
import { samplePost } from '../stand-in/sample-posts.js';
import { XApiStandIn } from '../stand-in/x-api-stand-in.js';
import type { ReceivedPost } from './post-format.js';
import { StreamReader } from './stream-reader.js';
import { stallAfterMs, twitterSourceVariables } from './twitter-variables.js';
import { XClient } from './x-client.js';

// The reader against the X API stand-in (no broker): a full queue pauses reading without being
// taken for X stalling, and every post still arrives once, in order.

const TOKEN = 'test-token';
const STALL_MS = 20_000;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

describe('StreamReader with a queue that fills up', () => {
  let standIn: XApiStandIn;
  let reader: StreamReader | undefined;
  afterEach(async () => {
    await reader?.stop();
    await standIn.stop();
  });

  it('waits for room as long as it takes without counting a stall, then reads on in order', async () => {
    const first = Array.from({ length: 3 }, (_, n) => samplePost(n));
    // Three posts at once, three more on the same connection 50 ms apart, then silence.
    const connection = { steps: [{ posts: first }, { generate: { from: 3, count: 3, perSecond: 20 } }, { stall: true as const }] };
    standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [connection, { steps: [{ stall: true }] }] });
    const clock = new FakeClock();
    const delivered: string[] = [];
    const disconnects: string[] = [];
    let room: () => void = () => undefined;
    reader = new StreamReader({
      client: new XClient({ baseUrl: await standIn.start(), bearerToken: TOKEN, userAgent: 'test', clock }),
      query: { tweetFields: 'created_at', expansions: 'author_id', userFields: 'username' },
      clock,
      logger: pino({ level: 'silent' }),
      stallTimeoutMs: STALL_MS,
      resetConnections: false,
      usageCapRetryMs: 3_600_000,
      maxLineBytes: 1024 * 1024,
      reportBad: () => undefined,
      // Room for two posts; the third waits until the test makes room.
      deliver(post: ReceivedPost) {
        delivered.push(post.post.data.id);
        if (delivered.length !== 3) return undefined;
        return new Promise<void>((resolve) => (room = resolve));
      },
      events: { connected: () => undefined, usageCapped: () => undefined, disconnected: (label) => void disconnects.push(label) },
    });

    await until(() => delivered.length >= 3);
    clock.advance(3 * STALL_MS); // the queue stays full three stall timeouts long
    await new Promise((r) => setTimeout(r, 300)); // meanwhile the other three posts arrive
    expect(delivered).toHaveLength(3); // reading paused while it waited

    room();
    await until(() => delivered.length >= 6 || disconnects.length > 0);
    expect(disconnects).toEqual([]); // the connection was kept: the wait was ours, not X's
    expect(standIn.connectionCount).toBe(1);
    expect(delivered).toEqual(Array.from({ length: 6 }, (_, n) => samplePost(n).data.id));

    clock.advance(STALL_MS); // X sends nothing more: that is a stall
    await until(() => disconnects.length > 0);
    expect(disconnects).toEqual(['stall']);
  });
});

describe('StreamReader on a quiet stream, with the default stall settings', () => {
  let standIn: XApiStandIn;
  let reader: StreamReader | undefined;
  afterEach(async () => {
    await reader?.stop();
    await standIn.stop();
  });

  it('keeps the connection when a keep-alive comes late (network jitter), and reconnects only after a real silence', async () => {
    const config = loadConfig(twitterSourceVariables, { BEARER_TOKEN: TOKEN });
    standIn = new XApiStandIn({ bearerToken: TOKEN, connections: [{ steps: [{ keepAlive: 1 }, { stall: true }] }, { steps: [{ stall: true }] }] });
    const clock = new FakeClock();
    const disconnects: string[] = [];
    let connected = 0;
    reader = new StreamReader({
      client: new XClient({ baseUrl: await standIn.start(), bearerToken: TOKEN, userAgent: 'test', clock }),
      query: { tweetFields: 'created_at', expansions: 'author_id', userFields: 'username' },
      clock,
      logger: pino({ level: 'silent' }),
      stallTimeoutMs: stallAfterMs(config),
      resetConnections: false,
      usageCapRetryMs: 3_600_000,
      maxLineBytes: config.maxLineBytes,
      reportBad: () => undefined,
      deliver: () => undefined,
      events: { connected: () => void (connected += 1), usageCapped: () => undefined, disconnected: (label) => void disconnects.push(label) },
    });
    await until(() => standIn.reached.includes('1:stall'));
    await new Promise((r) => setTimeout(r, 50)); // the keep-alive has been read
    clock.advance(config.stallTimeoutMs + 300); // X's 20 s, and the next keep-alive 0.3 s late
    await new Promise((r) => setTimeout(r, 50));
    expect(disconnects).toEqual([]);
    expect(standIn.connectionCount).toBe(1);
    clock.advance(stallAfterMs(config)); // then nothing at all: a stall
    await until(() => disconnects.length > 0);
    expect(disconnects).toEqual(['stall']);
  });
});
