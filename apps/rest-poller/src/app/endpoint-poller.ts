import { parseJsonExact, type TimeseriesRow } from '@quix-connectors/message-schema';
import type { BadRecord } from '@quix-connectors/quix-producer';
import { retry, type BackoffPolicy, type Clock } from '@quix-connectors/timing';
import type { Dispatcher } from 'undici';
import type { Endpoint } from './endpoint-config.js';
import { SeenIds, type EndpointHead, type EndpointState, type StateChange } from './endpoint-state.js';
import { exactJson } from './flatten.js';
import { sendRequest, type HttpResponse } from './http-request.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { compileBody, bodyContentType, type TemplateValues } from './body-template.js';
import { OAuth2Token } from './oauth2-token.js';
import { bodyValues, firstPage, mayFollow, nextPage, pageUrl, type PageRequest } from './pagination.js';
import { PollFailure, PollStopped, ShapeError } from './poll-errors.js';
import { extractRecords, recordToRow } from './records.js';
import { redactUrl, Redactor } from './redact.js';
import { isOwnOrigin, requestHeaders } from './request-headers.js';
import { isRetriableStatus, withRetryAfter } from './retry-after.js';
import { nextWindow } from './time-window.js';

/** What one poll hands over: its rows and the state they account for, committed together. */
export interface PollCommit {
  rows: TimeseriesRow[];
  change: StateChange;
}

export interface PollerDeps {
  clock: Clock;
  /** Commits the rows and the state change in one transaction; resolves with the rows committed. */
  commit(poll: PollCommit): Promise<{ published: number }>;
  /**
   * A record that cannot become a row, under BAD_RECORD_POLICY; false when the policy stops the
   * connector (`fail`), and then the poll commits nothing, so the record is not skipped.
   */
  reportBad(bad: BadRecord): boolean;
  onFailure(failure: PollFailure): void;
  onRetry(info: { url: string; status?: number; waitMs: number; attempt: number }): void;
  dispatcher?: Dispatcher;
  /** Aborted on shutdown: cuts requests and retry waits short. */
  signal?: AbortSignal;
  retry?: BackoffPolicy & { random?: () => number };
  /** Hides the endpoint's credentials (and the OAuth2 tokens it learns) in what is logged; shared with the caller's logging. */
  redactor?: Redactor;
  /** The OAuth2 token of an `oauth2` endpoint, when shared with other endpoints of the same client. */
  token?: OAuth2Token;
}

export interface PollOutcome {
  pages: number;
  published: number;
  duplicates: number;
  bad: number;
  notModified: boolean;
  failure?: PollFailure;
}

/** Full-jitter exponential backoff from 0.5 s, doubling up to 30 s. */
const DEFAULT_RETRY: BackoffPolicy = { initialMs: 500, maxMs: 30_000, jitter: 1 };

/**
 * Polls one endpoint: follows pagination up to the page limit, skips records already published,
 * and commits the rest with the state they move on (seen ids, validators, resume point) in one
 * transaction; its in-memory state moves on only once that is committed. A failed page ends the
 * poll: what came before it is committed and the next poll resumes at the failed page.
 */
export class EndpointPoller {
  private head: EndpointHead;
  private readonly seen: SeenIds;
  private readonly redactor: Redactor;
  private readonly token: OAuth2Token | undefined;
  private readonly body: ((values: TemplateValues) => string) | undefined;

  constructor(
    readonly endpoint: Endpoint,
    saved: EndpointState | undefined,
    maxIds: number,
    private readonly deps: PollerDeps,
  ) {
    this.head = { etag: saved?.etag, lastModified: saved?.lastModified, resume: saved?.resume, windowEnd: saved?.windowEnd };
    this.seen = new SeenIds(saved?.ids ?? [], maxIds);
    this.redactor = deps.redactor ?? new Redactor([endpoint]);
    const auth = endpoint.auth;
    this.token = auth.type !== 'oauth2' ? undefined : (deps.token ?? new OAuth2Token(auth, { clock: deps.clock, timeoutMs: endpoint.timeoutMs, redactor: this.redactor, dispatcher: deps.dispatcher, signal: deps.signal }));
    this.body = compileBody(endpoint);
  }

  async poll(): Promise<PollOutcome> {
    const e = this.endpoint;
    const pollTimeMs = this.deps.clock.now();
    const conditional = this.head.resume === undefined;
    const rows: TimeseriesRow[] = [];
    const newIds: string[] = [];
    const batchIds = new Set<string>();
    const outcome: PollOutcome = { pages: 0, published: 0, duplicates: 0, bad: 0, notModified: false };
    let validators = { etag: this.head.etag, lastModified: this.head.lastModified };
    // A poll resuming a stopped one keeps that poll's window; a new poll asks from where the last one ended.
    let page: PageRequest | undefined = this.head.resume ?? firstPage(e, e.window && nextWindow(e.window, this.head.windowEnd, pollTimeMs));
    const window = page.window;
    let resume: PageRequest | undefined;
    let complete = true;

    while (page !== undefined) {
      if (outcome.pages >= e.maxPages) {
        resume = page;
        complete = false;
        break;
      }
      const isFirst = outcome.pages === 0;
      const url = pageUrl(page);
      let response: HttpResponse;
      let body: unknown;
      let records: unknown[];
      try {
        response = await this.fetch(url, isFirst && conditional, this.body?.(bodyValues(e, page)));
        if (response.status === 304 && isFirst && conditional) {
          outcome.notModified = true;
          break;
        }
        ({ body, records } = this.read(url, response));
      } catch (error) {
        this.fail(outcome, error, url);
        // Resume at the failed page next time; a first page that failed leaves the resume point as it was.
        resume = isFirst ? this.head.resume : page;
        complete = false;
        break;
      }
      if (isFirst && conditional) validators = { etag: response.headers['etag'], lastModified: response.headers['last-modified'] };
      let stopped = false;
      records.forEach((record, index) => {
        if (stopped) return;
        const result = recordToRow(record, e, pollTimeMs);
        if (result.id !== undefined) {
          if (this.seen.has(result.id) || batchIds.has(result.id)) {
            outcome.duplicates += 1;
            return;
          }
          batchIds.add(result.id);
          newIds.push(result.id);
        }
        if (result.problem) {
          outcome.bad += 1;
          const where = { endpoint: e.name, url: redactUrl(url), record: index, ...(result.id === undefined ? {} : { id: result.id }) };
          const handled = this.deps.reportBad({ where, code: result.problem.code, reason: result.problem.reason, raw: exactJson(record) });
          if (!handled) stopped = true;
        } else {
          rows.push(result.row);
        }
      });
      if (stopped) throw new PollStopped();
      outcome.pages += 1;
      try {
        page = nextPage(e, page, { headers: response.headers, body, records });
      } catch (error) {
        this.fail(outcome, error, url);
        page = undefined; // a bad link stays bad: this poll's pagination ends here
      }
      if (page !== undefined && !mayFollow(e, pageUrl(page))) {
        const link = redactUrl(pageUrl(page));
        this.fail(outcome, new PollFailure('link-refused', `the next-page link leads to another origin (${link}); allow it in PAGINATION_ALLOWED_ORIGINS (allowedOrigins) to follow it`, redactUrl(url)), url);
        page = undefined;
      }
    }

    // The window moves on only once all of it was fetched: a failed or cut-short poll asks for it again.
    const windowEnd = complete && window !== undefined ? window.until : this.head.windowEnd;
    const next: EndpointHead = { etag: validators.etag, lastModified: validators.lastModified, resume, windowEnd };
    if (rows.length > 0 || newIds.length > 0 || changed(this.head, next)) {
      ({ published: outcome.published } = await this.deps.commit({ rows, change: { ...next, newIds } }));
    }
    // Only what is committed is remembered: a poll that did not commit is fetched again.
    this.seen.addAll(newIds);
    this.head = next;
    return outcome;
  }

  private fail(outcome: PollOutcome, error: unknown, url: string): void {
    outcome.failure =
      error instanceof PollFailure
        ? error
        : error instanceof ShapeError
          ? new PollFailure('wrong-shape', error.message, redactUrl(url), undefined, { cause: error })
          : new PollFailure('network', this.redactor.text(String(error)), redactUrl(url), undefined, { cause: error });
    this.deps.onFailure(outcome.failure);
  }

  private fetch(url: string, conditional: boolean, body: string | undefined): Promise<HttpResponse> {
    const e = this.endpoint;
    const { clock, signal } = this.deps;
    const headersWith = (token: string | undefined) => {
      const headers = requestHeaders(e, url, token);
      if (conditional && this.head.etag) headers['if-none-match'] = this.head.etag;
      if (conditional && this.head.lastModified) headers['if-modified-since'] = this.head.lastModified;
      if (body !== undefined) headers['content-type'] = bodyContentType(e);
      return headers;
    };
    const shownUrl = redactUrl(url);
    const send = async (token: string | undefined) => {
      try {
        return await sendRequest({ url, method: e.method, headers: headersWith(token), body, timeoutMs: e.timeoutMs, maxBodyBytes: e.maxBodyBytes, signal }, this.deps.dispatcher, clock);
      } catch (cause) {
        throw new PollFailure('network', this.redactor.text((cause as Error).message), shownUrl, undefined, { cause });
      }
    };
    const tokens = this.token !== undefined && isOwnOrigin(e, url) ? this.token : undefined;
    const policy = this.deps.retry ?? DEFAULT_RETRY;
    let refreshed = false;
    return retry(
      async () => {
        const token = await tokens?.get();
        let response = await send(token);
        // A token revoked or expired early: one fresh token per request; refused again, it is an auth failure.
        if (response.status === 401 && tokens !== undefined && token !== undefined && !refreshed) {
          refreshed = true;
          tokens.invalidate(token);
          response = await send(await tokens.get());
        }
        if (!isRetriableStatus(response.status)) return response;
        return Promise.reject(withRetryAfter(new PollFailure('status', `HTTP ${response.status}`, shownUrl, response.status), response, clock.now()));
      },
      {
        policy,
        clock,
        signal,
        random: this.deps.retry?.random,
        maxAttempts: e.maxRetries + 1,
        isRetriable: (error) => error instanceof PollFailure && (error.kind === 'network' || error.kind === 'status'),
        retryAfterMs: (error) => (error as { retryAfterMs?: number }).retryAfterMs,
        // The failure's own URL: a retried token request names the token endpoint.
        onRetry: ({ error, attempt, delayMs }) => this.deps.onRetry({ url: (error as PollFailure).url ?? shownUrl, status: (error as PollFailure).status, waitMs: delayMs, attempt }),
      },
    );
  }

  private read(url: string, response: HttpResponse): { body: unknown; records: unknown[] } {
    const { status } = response;
    const shownUrl = redactUrl(url);
    if (status === 401 && this.token !== undefined && isOwnOrigin(this.endpoint, url)) throw new PollFailure('auth', 'HTTP 401 with a fresh OAuth2 token: the API refuses this client (check its scope and audience)', shownUrl, status);
    if (status < 200 || status >= 300) throw new PollFailure('status', `HTTP ${status}`, shownUrl, status);
    if (response.body === undefined) throw new PollFailure('too-large', `body over ${this.endpoint.maxBodyBytes} bytes (MAX_BODY_BYTES)`, shownUrl, status);
    if (nestsDeeperThan(response.body, MAX_JSON_DEPTH)) {
      throw new PollFailure('too-deep', `body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels, the limit`, shownUrl, status);
    }
    let body: unknown;
    try {
      body = parseJsonExact(response.body);
    } catch (cause) {
      // Not the parser's message: it quotes the body.
      const at = /at position \d+/.exec((cause as Error).message)?.[0];
      throw new PollFailure('not-json', `body is not JSON${at ? ` (${at})` : ''}`, shownUrl, status, { cause });
    }
    try {
      return { body, records: extractRecords(body, this.endpoint.recordsPath) };
    } catch (cause) {
      if (cause instanceof ShapeError) throw new PollFailure('wrong-shape', cause.message, shownUrl, status, { cause });
      throw cause;
    }
  }
}

function changed(a: EndpointHead, b: EndpointHead): boolean {
  return a.etag !== b.etag || a.lastModified !== b.lastModified || a.windowEnd !== b.windowEnd || JSON.stringify(a.resume) !== JSON.stringify(b.resume);
}
