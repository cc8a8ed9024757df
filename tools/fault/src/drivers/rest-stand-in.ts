import { createServer } from 'node:http';
import type { Server } from 'node:http';

export interface RestStandInOptions {
  ratePerS: number;
  /** How many of the newest records GET /records shows; older ones are gone for good. */
  window: number;
}

/**
 * A REST API whose records appear at a steady rate and are listed only while they are among the
 * `window` newest (a feed of "the latest N items", as many APIs have): a poller that does not
 * come back in time misses what left the window. GET /records answers the window as a JSON
 * array, oldest first: `{"id":"r-17","seq":17,"createdAt":<ms>,"value":8.5}`.
 */
export class RestStandIn {
  /** Records made so far: r-1 .. r-generated. */
  generated = 0;
  /** Seqs that were in at least one answer to the app. */
  readonly served = new Set<number>();
  polls = 0;
  private readonly created: number[] = [];
  private readonly server: Server;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RestStandInOptions) {
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/records') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      this.polls += 1;
      const records = [];
      for (let seq = this.firstInWindow(); seq <= this.generated; seq += 1) {
        this.served.add(seq);
        records.push({ id: `r-${seq}`, seq, createdAt: this.created[seq - 1], value: seq / 2 });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(records));
    });
    this.server.keepAliveTimeout = 60_000;
  }

  /** The oldest seq still listed. */
  firstInWindow(): number {
    return Math.max(1, this.generated - this.options.window + 1);
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (typeof address !== 'object' || address === null) throw new Error('the REST stand-in has no port');
    const started = Date.now();
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * this.options.ratePerS);
      while (this.generated < due) {
        this.generated += 1;
        this.created.push(Date.now());
      }
    }, 50);
    return `http://127.0.0.1:${address.port}/records`;
  }

  /** No new records from now on (the window stays as it is). */
  stopGenerating(): void {
    clearInterval(this.timer);
  }

  async stop(): Promise<void> {
    this.stopGenerating();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
