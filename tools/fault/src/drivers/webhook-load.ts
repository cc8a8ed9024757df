import { Pool } from 'undici';

export interface WebhookLoadOptions {
  /** The webhook URL, e.g. http://127.0.0.1:8080/webhook. */
  url: string;
  ratePerS: number;
  /** Connections the sender keeps; it never has more requests than this in flight. */
  connections: number;
  /** A request with no answer after this long counts as `timeout` (senders give up: GitHub after 10 s). */
  timeoutMs: number;
}

export type WebhookOutcome = { status: number; retryAfter?: string } | { status: 'timeout' | 'error'; code?: string };

/**
 * A webhook sender at a steady rate: JSON bodies with a unique `id` (w-1, w-2, ...), unsigned,
 * as SIGNATURE_SCHEME=none takes them. A request is due every 1/rate s; when every connection
 * is still waiting for an answer, the due request is not sent and is counted in `notSent`, as a
 * sender with a bounded number of deliveries in progress would hold it back. Senders retry
 * 503s later; this one does not, so that every id in the topic can be traced to one request.
 */
export class WebhookLoad {
  readonly outcomes = new Map<string, WebhookOutcome>();
  notSent = 0;
  private readonly pool: Pool;
  private readonly path: string;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private due = 0;

  constructor(private readonly options: WebhookLoadOptions) {
    const url = new URL(options.url);
    this.path = url.pathname;
    this.pool = new Pool(url.origin, { connections: options.connections, pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  }

  start(): void {
    const started = performance.now();
    this.timer = setInterval(() => {
      const target = Math.floor(((performance.now() - started) / 1000) * this.options.ratePerS);
      while (this.due < target) {
        this.due += 1;
        if (this.inFlight.size >= this.options.connections) this.notSent += 1;
        else this.send(`w-${this.due}`);
      }
    }, 10);
  }

  /** Stops sending and waits for every request in flight to be answered (or to time out). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight);
  }

  async close(): Promise<void> {
    await this.stop();
    await this.pool.close();
  }

  private send(id: string): void {
    const body = JSON.stringify({ id, type: 'fault-suite', sentAt: new Date().toISOString() });
    const done = this.pool
      .request({ method: 'POST', path: this.path, body, headers: { 'content-type': 'application/json' } })
      .then(async (res) => {
        await res.body.dump();
        const retryAfter = res.headers['retry-after'];
        this.outcomes.set(id, { status: res.statusCode, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
      })
      .catch((error: { code?: string }) => {
        const timeout = error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT';
        this.outcomes.set(id, { status: timeout ? 'timeout' : 'error', code: error.code });
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }
}
