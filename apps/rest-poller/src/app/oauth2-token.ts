import type { Clock } from '@quix-connectors/timing';
import type { Dispatcher } from 'undici';
import type { OAuth2Auth } from './endpoint-config.js';
import { sendRequest, type HttpResponse } from './http-request.js';
import { PollFailure } from './poll-errors.js';
import { redactUrl, type Redactor } from './redact.js';
import { basicCredentials } from './request-headers.js';
import { isRetriableStatus, withRetryAfter } from './retry-after.js';

/** A token is refreshed this long before it expires, or at 90% of a shorter lifetime. */
const REFRESH_MARGIN_MS = 30_000;
/** A token response is small; anything near this is not one. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;
/** Longest error_description quoted in a log line. */
const MAX_DESCRIPTION = 300;

export interface TokenDeps {
  clock: Clock;
  timeoutMs: number;
  /** Learns each token, so no log line or error shows it. */
  redactor: Redactor;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
}

/** Endpoints with the same client, token URL, scope, audience and fields share one token. */
export function tokenKey(a: OAuth2Auth): string {
  return JSON.stringify([a.tokenUrl, a.clientId, a.clientSecret, a.clientAuth, a.scope, a.audience, Object.entries(a.params).sort()]);
}

/**
 * An OAuth 2.0 access token by the client credentials grant (RFC 6749 §4.4), fetched
 * when first needed and reused until shortly before `expires_in` runs out (without `expires_in`,
 * until the API refuses it). Failures are PollFailures, so the poller's retry treats them as it
 * treats the API's: network errors, 5xx and 429 are retried with backoff (`status`/`network`);
 * the server refusing the client (4xx, RFC 6749 §5.2 `error`) is `auth`, not retried this poll.
 */
export class OAuth2Token {
  private cached: { token: string; refreshAtMs: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly shownUrl: string;
  private readonly redactors: Redactor[];

  constructor(
    private readonly auth: OAuth2Auth,
    private readonly deps: TokenDeps,
  ) {
    this.shownUrl = redactUrl(auth.tokenUrl);
    this.redactors = [deps.redactor];
  }

  /** Another endpoint of the same client uses these tokens: its logs must hide them too. */
  shareWith(redactor: Redactor): void {
    this.redactors.push(redactor);
    if (this.cached !== undefined) redactor.learn(this.cached.token);
  }

  /** The cached token, or a new one when there is none or it is about to expire; one request at a time. */
  get(): Promise<string> {
    if (this.cached !== undefined && this.deps.clock.now() < this.cached.refreshAtMs) return Promise.resolve(this.cached.token);
    this.cached = undefined;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async fetch(): Promise<string> {
    const requestedAt = this.deps.clock.now();
    const { token, expiresInS } = this.read(await this.request());
    for (const redactor of this.redactors) redactor.learn(token);
    const lifetimeMs = expiresInS === undefined ? Number.POSITIVE_INFINITY : expiresInS * 1000;
    // Counted from the request, not the answer: the server's clock started before ours stopped.
    this.cached = { token, refreshAtMs: requestedAt + lifetimeMs - Math.min(REFRESH_MARGIN_MS, lifetimeMs / 10) };
    return token;
  }

  /** The API refused `token` (401): the next `get()` fetches a new one. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async request(): Promise<HttpResponse> {
    const a = this.auth;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (a.scope !== undefined) form.set('scope', a.scope);
    if (a.audience !== undefined) form.set('audience', a.audience);
    for (const [name, value] of Object.entries(a.params)) form.set(name, value);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (a.clientAuth === 'basic') headers['authorization'] = `Basic ${basicCredentials(a.clientId, a.clientSecret)}`;
    else {
      form.set('client_id', a.clientId);
      form.set('client_secret', a.clientSecret);
    }
    const { clock, dispatcher, signal, timeoutMs, redactor } = this.deps;
    try {
      return await sendRequest({ url: a.tokenUrl, method: 'POST', headers, body: form.toString(), timeoutMs, maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES, signal }, dispatcher, clock);
    } catch (cause) {
      throw new PollFailure('network', `token request failed: ${redactor.text((cause as Error).message)}`, this.shownUrl, undefined, { cause });
    }
  }

  private read(response: HttpResponse): { token: string; expiresInS?: number } {
    const { status } = response;
    const body = parseObject(response.body);
    if (status !== 200) {
      const message = `token endpoint answered HTTP ${status}${this.describeError(body)}`;
      throw withRetryAfter(new PollFailure(isRetriableStatus(status) ? 'status' : 'auth', message, this.shownUrl, status), response, this.deps.clock.now());
    }
    const token = body?.['access_token'];
    const type = body?.['token_type'];
    if (typeof token !== 'string' || token === '') throw this.badAnswer('has no access_token');
    if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'bearer')) throw this.badAnswer(`has token_type ${JSON.stringify(type)}, not Bearer`);
    const expires = Number(body?.['expires_in']);
    return { token, ...(body?.['expires_in'] !== undefined && Number.isFinite(expires) && expires > 0 ? { expiresInS: expires } : {}) };
  }

  /** RFC 6749 §5.2's `error` and `error_description`, redacted and cut short. */
  private describeError(body: Record<string, unknown> | undefined): string {
    const error = body?.['error'];
    if (typeof error !== 'string') return '';
    const description = body?.['error_description'];
    const text = typeof description === 'string' ? `${error}: ${description.slice(0, MAX_DESCRIPTION)}` : error;
    return ` (${this.deps.redactor.text(text)})`;
  }

  private badAnswer(what: string): PollFailure {
    return new PollFailure('auth', `the token endpoint's 200 answer ${what} (RFC 6749 §5.1)`, this.shownUrl, 200);
  }
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = text === undefined ? undefined : JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
