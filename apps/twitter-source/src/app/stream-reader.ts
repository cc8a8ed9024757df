import type { BadRecord } from '@quix-connectors/quix-producer';
import type { Logger } from '@quix-connectors/service';
import { isMaxBackoff, ReconnectBackoff, type DisconnectReason } from './backoff.js';
import type { Clock } from './clock.js';
import { authError } from './errors.js';
import { LineSplitter, type OversizedLine } from './line-splitter.js';
import type { ReceivedPost } from './post-format.js';
import { checkPost } from './post-shape.js';
import type { StreamQuery, XClient } from './x-client.js';

/** What ended a connection, finer than the backoff kind: the label of the reconnect metric. */
export type DisconnectLabel =
  | 'closed'
  | 'cut'
  | 'stall'
  | 'operational-disconnect'
  | 'network'
  | 'http'
  | 'rate-limited'
  | 'too-many-connections'
  | 'usage-capped';

export interface StreamEvents {
  connected(): void;
  /** X said the account's usage cap (or its credits) is used up: true until a connection opens again. */
  usageCapped(capped: boolean): void;
  disconnected(label: DisconnectLabel, reason: DisconnectReason, waitMs: number): void;
}

export interface StreamReaderOptions {
  client: XClient;
  query: StreamQuery;
  clock: Clock;
  logger: Logger;
  /** Reconnect when nothing arrived for this long (keep-alive interval plus a margin for jitter). */
  stallTimeoutMs: number;
  resetConnections: boolean;
  /** The wait before trying again once X said the account's usage cap is reached. */
  usageCapRetryMs: number;
  /** A longer line is dropped as it arrives and reported. */
  maxLineBytes: number;
  /** A line that is not a post of the expected shape, for BAD_RECORD_POLICY; must not throw. */
  reportBad(bad: BadRecord): void;
  /**
   * Hands a post on. Returns a promise only when the post must wait (a full queue); reading
   * pauses until it resolves.
   */
  deliver(post: ReceivedPost): Promise<void> | undefined;
  events: StreamEvents;
}

interface Outcome {
  label: DisconnectLabel;
  reason: DisconnectReason;
  detail?: unknown;
}

/**
 * Reads the filtered stream for as long as it runs, reconnecting as X's docs require. `done`
 * rejects only for what retrying cannot fix (401/403).
 */
export class StreamReader {
  readonly done: Promise<void>;
  private readonly stopping = new AbortController();
  private current: AbortController | undefined;
  private connections = 0;

  constructor(private readonly options: StreamReaderOptions) {
    this.done = this.run();
  }

  /** Stops reading (the connection is closed) and resolves once the loop ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.current?.abort();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const { clock, logger } = this.options;
    const backoff = new ReconnectBackoff();
    let reset = this.options.resetConnections;
    while (!this.stopping.signal.aborted) {
      if (reset) {
        reset = false;
        await this.options.client.deleteAllConnections().then(
          () => logger.info('DELETE /2/connections/all: connections X held open were closed'),
          (err: unknown) => logger.warn({ err }, 'DELETE /2/connections/all failed'),
        );
      }
      const outcome = await this.connectOnce(() => backoff.connected());
      if (this.stopping.signal.aborted) break;
      const { reason } = outcome;
      const capped = reason === 'usage-capped';
      const waitMs = reason === 'usage-capped' ? this.options.usageCapRetryMs : backoff.next(reason);
      if (outcome.label === 'too-many-connections' && this.options.resetConnections) reset = true;
      this.options.events.disconnected(outcome.label, outcome.reason, waitMs);
      if (capped) this.options.events.usageCapped(true);
      const log = { reason: outcome.label, waitMs, err: outcome.detail instanceof Error ? outcome.detail : undefined, detail: outcome.detail instanceof Error ? undefined : outcome.detail };
      if (capped) logger.error(log, `ALERT: X says this account's usage cap is reached or its credits are used up: no posts until the cap resets or credits are added; trying again in ${waitMs} ms (USAGE_CAP_RETRY_MS)`);
      else if (isMaxBackoff(reason, waitMs)) logger.error(log, `ALERT: reconnect backoff reached its maximum (${waitMs} ms)`);
      else if (outcome.reason === 'dropped') logger.info(log, 'stream connection ended; reconnecting');
      else logger.warn(log, `cannot connect to the stream; retrying in ${waitMs} ms`);
      if (waitMs > 0) await clock.sleep(waitMs, this.stopping.signal);
    }
  }

  private async connectOnce(onConnected: () => void): Promise<Outcome> {
    const { client, query, clock, logger } = this.options;
    const connection = new AbortController();
    this.current = connection;
    let response;
    try {
      response = await client.openStream(query, connection.signal);
    } catch (err) {
      return { label: 'network', reason: 'network', detail: err };
    }
    if (response.statusCode !== 200) {
      const text = await response.body.text().catch(() => '');
      // Checked before 401/403: a capped account must wait, not stop for good.
      if (response.statusCode === 402 || isUsageCapped(text)) return { label: 'usage-capped', reason: 'usage-capped', detail: { status: response.statusCode, body: text.slice(0, 500) } };
      if (response.statusCode === 401 || response.statusCode === 403) throw authError(response.statusCode, text);
      if (response.statusCode === 429) {
        const label = text.includes('TooManyConnections') ? 'too-many-connections' : 'rate-limited';
        return { label, reason: 'rate-limited', detail: { status: 429, body: text.slice(0, 500) } };
      }
      return { label: 'http', reason: 'http', detail: { status: response.statusCode, body: text.slice(0, 500) } };
    }
    onConnected();
    this.options.events.connected();
    this.options.events.usageCapped(false);
    logger.info('connected to the filtered stream');

    let stalled = false;
    let delivering = false;
    const watchdog = clock.timer(this.options.stallTimeoutMs, () => {
      // Waiting for room in our own queue is not X stalling: look again later.
      if (delivering) return watchdog.refresh();
      stalled = true;
      connection.abort();
    });
    const connectionNumber = (this.connections += 1);
    let lineNumber = 0;
    const bad = (code: string, reason: string, raw: string, extra: { rawTruncated?: boolean; postId?: string } = {}) =>
      this.options.reportBad({
        where: { connection: connectionNumber, line: lineNumber, ...(extra.postId ? { postId: extra.postId } : {}) },
        code,
        reason,
        raw,
        ...(extra.rawTruncated ? { rawTruncated: true } : {}),
      });
    const tooLong: OversizedLine[] = [];
    const splitter = new LineSplitter(this.options.maxLineBytes, (line) => tooLong.push(line));
    // Reported in their place among the chunk's lines, so that each report's line number is right.
    const reportTooLong = (upTo: number) => {
      while (tooLong.length > 0 && tooLong[0].before <= upTo) {
        const { bytes, prefix } = tooLong.shift() as OversizedLine;
        lineNumber += 1;
        bad('LINE_TOO_LONG', `a stream line of ${bytes} bytes is over MAX_LINE_BYTES (${this.options.maxLineBytes}); dropped as it arrived`, prefix, { rawTruncated: true });
      }
    };
    try {
      for await (const chunk of response.body) {
        watchdog.refresh();
        const lines = splitter.push(chunk as Buffer);
        for (let i = 0; i < lines.length; i++) {
          if (tooLong.length > 0) reportTooLong(i);
          const line = lines[i];
          lineNumber += 1;
          if (line.trim().length === 0) continue; // keep-alive
          const message = parse(line);
          if (message === undefined) {
            bad('NOT_JSON', 'a stream line is not a JSON object', line);
          } else if ('data' in message) {
            const checked = checkPost(message);
            if ('problem' in checked) {
              const id = (message['data'] as { id?: unknown } | null)?.id;
              bad('NOT_A_POST', `the post cannot become a row: ${checked.problem}`, line, typeof id === 'string' ? { postId: id } : {});
              continue;
            }
            const waiting = this.options.deliver({ post: checked.post, raw: line, receivedAtMs: clock.now() });
            if (waiting !== undefined) {
              delivering = true;
              await waiting;
              delivering = false;
              watchdog.refresh();
            }
          } else if (isUsageCapped(line)) {
            logger.warn({ message: line.slice(0, 500) }, 'X ended the stream: usage cap reached or credits used up');
            return { label: 'usage-capped', reason: 'usage-capped', detail: line.slice(0, 500) };
          } else if (isOperationalDisconnect(message)) {
            logger.warn({ errors: (message as { errors: unknown }).errors }, 'X sent operational-disconnect');
            return { label: 'operational-disconnect', reason: 'dropped' };
          } else if (Array.isArray(message['errors'])) {
            logger.warn({ message: line.slice(0, 500) }, 'X sent an error message in the stream');
          } else {
            bad('NOT_A_POST', 'a stream message has neither data (a post) nor errors (a notice from X)', line);
          }
        }
        reportTooLong(Number.POSITIVE_INFINITY);
      }
      return { label: 'closed', reason: 'dropped' };
    } catch (err) {
      if (stalled) return { label: 'stall', reason: 'dropped', detail: `nothing received for ${this.options.stallTimeoutMs} ms` };
      return { label: 'cut', reason: 'dropped', detail: err };
    } finally {
      watchdog.cancel();
      if (splitter.pendingBytes > 0) logger.warn({ bytes: splitter.pendingBytes }, 'the connection ended inside a line; that partial post is not published');
      if (!response.body.destroyed) response.body.destroy();
    }
  }
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * X's answer to an account whose monthly usage cap is reached (problem type `.../usage-capped`) or
 * whose pay-per-use credits ran out (HTTP 402, or a problem naming credits), on the HTTP response
 * or as an error message in the open stream.
 */
function isUsageCapped(text: string): boolean {
  return /usage-capped|UsageCapExceeded|credits?[ _-]?(depleted|exhausted|exceeded)|out of credits|insufficient[ _-]credits/i.test(text);
}

function isOperationalDisconnect(message: Record<string, unknown>): boolean {
  const errors = message['errors'];
  return Array.isArray(errors) && errors.some((e: { title?: string; type?: string }) => e?.title === 'operational-disconnect' || String(e?.type ?? '').includes('operational-disconnect'));
}
