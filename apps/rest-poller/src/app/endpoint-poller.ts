import type { Dispatcher } from 'undici';
import type { TimeseriesRow } from '@quix-connectors/message-schema';
import type { OutputStream } from '@quix-connectors/quix-producer';
import type { Clock } from '@quix-connectors/timing';
import type { Endpoint } from './endpoint-config.js';
import { SeenIds, type EndpointHead, type EndpointState, type StateChange } from './endpoint-state.js';
import { sendRequest, type HttpResponse } from './http-request.js';
import { firstPage, nextPage, pageUrl, type PageRequest } from './pagination.js';
import { PollFailure } from './poll-errors.js';
import { extractRecords, recordToRow, ShapeError } from './records.js';
import { requestHeaders } from './request-headers.js';
import { isRetriableStatus, retryAfterMs, withRetry, type Attempt } from './retry.js';

export interface PollerDeps {
  stream: Pick<OutputStream, 'timeseries'>;
  clock: Clock;
  /** Makes a poll's state change durable; called only after the poll's rows are acknowledged. */
  saveState(change: StateChange): Promise<void>;
  onFailure(failure: PollFailure): void;
  onRetry(info: { url: string; status?: number; waitMs: number; attempt: number }): void;
  dispatcher?: Dispatcher;
  /** Aborted on shutdown: cuts retry waits short. */
  signal?: AbortSignal;
  retry?: { initialMs: number; maxMs: number; random?: () => number };
}

export interface PollOutcome {
  pages: number;
  published: number;
  duplicates: number;
  notModified: boolean;
  failure?: PollFailure;
}

/**
 * Polls one endpoint: follows pagination up to the page limit, skips records already published,
 * publishes the rest, waits for Kafka's acknowledgement, and only then advances the state (seen
 * ids, validators, resume point). A failed page ends the poll: what came before it is published
 * and the next poll resumes at the failed page.
 */
export class EndpointPoller {
  private head: EndpointHead;
  private readonly seen: SeenIds;
  /** Published ids whose save has not succeeded yet; they go with the next save. */
  private unsavedIds: string[] = [];

  constructor(
    readonly endpoint: Endpoint,
    saved: EndpointState | undefined,
    maxIds: number,
    private readonly deps: PollerDeps,
  ) {
    this.head = { etag: saved?.etag, lastModified: saved?.lastModified, resume: saved?.resume };
    this.seen = new SeenIds(saved?.ids ?? [], maxIds);
  }

  async poll(): Promise<PollOutcome> {
    const e = this.endpoint;
    const pollTimeMs = this.deps.clock.now();
    const start = this.head.resume ?? firstPage(e);
    const conditional = this.head.resume === undefined;
    const rows: TimeseriesRow[] = [];
    const newIds: string[] = [];
    const batchIds = new Set<string>();
    const outcome: PollOutcome = { pages: 0, published: 0, duplicates: 0, notModified: false };
    let validators = { etag: this.head.etag, lastModified: this.head.lastModified };
    let page: PageRequest | undefined = start;

    while (page !== undefined && outcome.pages < e.maxPages) {
      const isFirst = outcome.pages === 0;
      const url = pageUrl(page);
      let response: HttpResponse;
      let records: unknown[];
      let body: unknown;
      try {
        response = await this.fetch(url, isFirst && conditional);
        if (response.status === 304 && isFirst && conditional) {
          outcome.notModified = true;
          page = undefined;
          break;
        }
        ({ body, records } = this.read(url, response));
      } catch (error) {
        outcome.failure = error instanceof PollFailure ? error : new PollFailure('network', String(error), url, undefined, { cause: error });
        this.deps.onFailure(outcome.failure);
        break;
      }
      if (isFirst && conditional) validators = { etag: response.headers['etag'], lastModified: response.headers['last-modified'] };
      for (const record of records) {
        const { row, id } = recordToRow(record, e, pollTimeMs);
        if (id !== undefined) {
          if (this.seen.has(id) || batchIds.has(id)) {
            outcome.duplicates += 1;
            continue;
          }
          batchIds.add(id);
          newIds.push(id);
        }
        rows.push(row);
      }
      outcome.pages += 1;
      page = nextPage(e, page, { headers: response.headers, body, records });
    }

    if (rows.length > 0) {
      await this.deps.stream.timeseries.add(rows);
      await this.deps.stream.timeseries.flush();
      outcome.published = rows.length;
    }
    // Resume where this poll stopped: at the page limit, or at a failed page after the first.
    const resume = outcome.failure ? (outcome.pages > 0 ? page : this.head.resume) : page;
    const next: EndpointHead = { etag: validators.etag, lastModified: validators.lastModified, resume };
    if (newIds.length > 0) {
      this.seen.addAll(newIds);
      // A new array: one handed to a failed save is never changed afterwards.
      this.unsavedIds = this.unsavedIds.length === 0 ? newIds : [...this.unsavedIds, ...newIds];
    }
    if (this.unsavedIds.length > 0 || changed(this.head, next)) {
      await this.deps.saveState({ ...next, newIds: this.unsavedIds });
      this.unsavedIds = [];
      this.head = next;
    }
    return outcome;
  }

  private async fetch(url: string, conditional: boolean): Promise<HttpResponse> {
    const e = this.endpoint;
    const headers = requestHeaders(e.headers, e.auth);
    if (conditional && this.head.etag) headers['if-none-match'] = this.head.etag;
    if (conditional && this.head.lastModified) headers['if-modified-since'] = this.head.lastModified;
    const retry = this.deps.retry ?? { initialMs: 500, maxMs: 30_000 };
    const outcome = await withRetry<HttpResponse>(
      async (): Promise<Attempt<HttpResponse>> => {
        try {
          const response = await sendRequest(
            { url, method: e.method, headers, body: e.body, timeoutMs: e.timeoutMs, maxBodyBytes: e.maxBodyBytes },
            this.deps.dispatcher,
          );
          if (!isRetriableStatus(response.status)) return { done: true, value: response };
          const honoured = response.status === 429 || response.status === 503;
          return {
            done: false,
            error: new PollFailure('status', `HTTP ${response.status}`, url, response.status),
            retryAfterMs: honoured ? retryAfterMs(response.headers['retry-after'], this.deps.clock.now()) : undefined,
          };
        } catch (cause) {
          return { done: false, error: new PollFailure('network', (cause as Error).message, url, undefined, { cause }) };
        }
      },
      { maxRetries: e.maxRetries, ...retry },
      this.deps.clock,
      (failed, waitMs, attempt) => this.deps.onRetry({ url, status: (failed.error as PollFailure).status, waitMs, attempt }),
      this.deps.signal,
    );
    if (!outcome.done) throw outcome.error;
    return outcome.value;
  }

  private read(url: string, response: HttpResponse): { body: unknown; records: unknown[] } {
    const { status } = response;
    if (status < 200 || status >= 300) throw new PollFailure('status', `HTTP ${status}`, url, status);
    if (response.body === undefined) {
      throw new PollFailure('too-large', `body over ${this.endpoint.maxBodyBytes} bytes`, url, status);
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch (cause) {
      throw new PollFailure('not-json', `body is not JSON: ${(cause as Error).message}`, url, status, { cause });
    }
    try {
      return { body, records: extractRecords(body, this.endpoint.recordsPath) };
    } catch (cause) {
      if (cause instanceof ShapeError) throw new PollFailure('wrong-shape', cause.message, url, status, { cause });
      throw cause;
    }
  }
}

function changed(a: EndpointHead, b: EndpointHead): boolean {
  return a.etag !== b.etag || a.lastModified !== b.lastModified || JSON.stringify(a.resume) !== JSON.stringify(b.resume);
}
