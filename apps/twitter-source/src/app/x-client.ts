import { Agent, request, type Dispatcher } from 'undici';
import type { Clock } from './clock.js';
import { authError, TwitterSourceError } from './errors.js';

export interface XRule {
  id: string;
  value: string;
  tag?: string;
}

export interface RuleError {
  value?: string;
  id?: string;
  title?: string;
  details?: string[];
  detail?: string;
}

export interface ChangeRulesReply {
  data?: XRule[];
  meta?: { summary?: Record<string, number> };
  errors?: RuleError[];
}

export interface XClientOptions {
  baseUrl: string;
  bearerToken: string;
  userAgent: string;
  clock: Clock;
  /** How long a rules call may take. */
  requestTimeoutMs?: number;
}

export interface StreamQuery {
  tweetFields: string;
  expansions: string;
  userFields: string;
}

const RULES = '/2/tweets/search/stream/rules';

/**
 * The X API calls twitter-source makes. Rules calls respect the rate-limit headers: when a window
 * is used up, or X answers 429, the call waits for the window's reset (on the injected clock).
 */
export class XClient {
  private readonly dispatcher: Dispatcher;
  private readonly resetAt = new Map<string, number>();

  constructor(private readonly options: XClientOptions) {
    // No body timeout: the stream is watched by the stall watchdog instead.
    this.dispatcher = new Agent({ bodyTimeout: 0, headersTimeout: 30_000, connectTimeout: 15_000 });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { authorization: `Bearer ${this.options.bearerToken}`, 'user-agent': this.options.userAgent, ...extra };
  }

  async getRules(): Promise<XRule[]> {
    const body = (await this.call('GET', RULES, 'rules-read')) as { data?: XRule[] };
    return body.data ?? [];
  }

  async addRules(rules: { value: string; tag?: string }[], dryRun: boolean): Promise<ChangeRulesReply> {
    return (await this.call('POST', `${RULES}${dryRun ? '?dry_run=true' : ''}`, 'rules-change', { add: rules })) as ChangeRulesReply;
  }

  async deleteRules(ids: string[]): Promise<ChangeRulesReply> {
    return (await this.call('POST', RULES, 'rules-change', { delete: { ids } })) as ChangeRulesReply;
  }

  async deleteAllConnections(): Promise<void> {
    await this.call('DELETE', '/2/connections/all', 'connections');
  }

  /** Opens the stream; the caller reads (and must consume or destroy) the body. */
  async openStream(query: StreamQuery, signal: AbortSignal): Promise<Dispatcher.ResponseData> {
    const params = new URLSearchParams();
    if (query.tweetFields) params.set('tweet.fields', query.tweetFields);
    if (query.expansions) params.set('expansions', query.expansions);
    if (query.userFields) params.set('user.fields', query.userFields);
    return request(this.url(`/2/tweets/search/stream?${params}`), {
      method: 'GET',
      headers: this.headers(),
      dispatcher: this.dispatcher,
      signal,
    });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private url(path: string): string {
    return new URL(path, this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`).toString();
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, window: string, json?: unknown, attempt = 1): Promise<unknown> {
    const { clock } = this.options;
    const waitUntil = this.resetAt.get(window);
    if (waitUntil !== undefined && waitUntil > clock.now()) await clock.sleep(waitUntil - clock.now());
    this.resetAt.delete(window);
    const res = await request(this.url(path), {
      method,
      headers: this.headers(json === undefined ? {} : { 'content-type': 'application/json' }),
      body: json === undefined ? undefined : JSON.stringify(json),
      dispatcher: this.dispatcher,
      headersTimeout: this.options.requestTimeoutMs ?? 30_000,
      bodyTimeout: this.options.requestTimeoutMs ?? 30_000,
    });
    const text = await res.body.text();
    const reset = Number(res.headers['x-rate-limit-reset']);
    const remaining = Number(res.headers['x-rate-limit-remaining']);
    if (Number.isFinite(reset) && (remaining === 0 || res.statusCode === 429)) this.resetAt.set(window, reset * 1000);
    if (res.statusCode === 401 || res.statusCode === 403) throw authError(res.statusCode, text);
    if (res.statusCode === 429) {
      if (!this.resetAt.has(window)) this.resetAt.set(window, clock.now() + 60_000);
      if (attempt >= 3) throw new TwitterSourceError('X_RATE_LIMITED', `X API rate limit of ${method} ${path} still exhausted after ${attempt} waits`, true, 429);
      return this.call(method, path, window, json, attempt + 1);
    }
    if (res.statusCode >= 400) {
      throw new TwitterSourceError('X_HTTP', `X API ${method} ${path} answered ${res.statusCode}: ${text.slice(0, 500)}`, res.statusCode >= 500, res.statusCode);
    }
    return text.length > 0 ? JSON.parse(text) : {};
  }
}
