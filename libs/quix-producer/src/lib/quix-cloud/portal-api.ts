import { request } from 'undici';
import { backoffDelay, realTimers, type BackoffPolicy, type Timers } from '../delivery/backoff.js';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';

export interface PortalRetryPolicy extends BackoffPolicy {
  /** Attempts of one GET before giving up (the first one included). */
  attempts: number;
}

/** quixstreams' schedule: 5 retries after connect errors and timeouts, waiting 2, 4, 8, 16 and 32 s. */
export const QUIXSTREAMS_RETRY: PortalRetryPolicy = { attempts: 6, initialMs: 2000, maxMs: 32_000 };

export interface PortalApiOptions {
  /** The Portal API's base URL, e.g. https://portal-api.platform.quix.io */
  baseUrl: string;
  token: string;
  /** Per request (quixstreams: 30 s). */
  timeoutMs: number;
  retry?: PortalRetryPolicy;
  logger?: Logger;
  timers?: Timers;
}

export interface PortalResponse {
  status: number;
  body: Buffer;
  json<T>(): T;
}

/**
 * The few Portal API calls a producer needs, as quixstreams makes them: bearer token,
 * `X-Version: 2.0` and a timeout per request. A GET is retried after connection errors and
 * timeouts, as quixstreams does, and also after a 5xx (a GET changes nothing, and a gateway that
 * answers 502 for a moment must not stop a deployment). A POST is never retried: it may have
 * been done. Errors say which token, workspace or topic was refused; the token is never in one.
 */
export class PortalApi {
  private readonly timers: Timers;
  private readonly retry: PortalRetryPolicy;

  constructor(private readonly options: PortalApiOptions) {
    this.timers = options.timers ?? realTimers;
    this.retry = options.retry ?? QUIXSTREAMS_RETRY;
  }

  async get(path: string, accept: readonly number[] = [200]): Promise<PortalResponse> {
    return this.call('GET', path, undefined, accept, this.retry.attempts);
  }

  async post(path: string, body: unknown, accept: readonly number[] = [200, 201]): Promise<PortalResponse> {
    return this.call('POST', path, body, accept, 1);
  }

  private async call(method: 'GET' | 'POST', path: string, body: unknown, accept: readonly number[], attempts: number): Promise<PortalResponse> {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (let attempt = 1; ; attempt += 1) {
      let failure: string;
      let cause: unknown;
      try {
        const response = await this.send(method, url, body);
        if (accept.includes(response.status)) return response;
        if (response.status < 500) throw refusal(method, url, response.status, response.body);
        failure = `HTTP ${response.status}`;
      } catch (error) {
        if (error instanceof ProducerError) throw error;
        failure = (error as Error).message;
        cause = error;
      }
      if (attempt >= attempts) {
        const tried = attempts === 1 ? 'POST is never retried' : `after ${attempt} attempts`;
        throw new ProducerError(
          'PORTAL_REQUEST_FAILED',
          `The Quix Portal API did not answer ${method} ${url.pathname} (${tried}; last: ${failure}). ` +
            'Check Quix__Portal__Api and that it is reachable from here.',
          true,
          { cause },
        );
      }
      const delayMs = backoffDelay(this.retry, attempt);
      this.options.logger?.warn({ method, path: url.pathname, attempt, attempts, delayMs, reason: failure }, 'Quix Portal API request failed; retrying');
      await this.timers.sleep(delayMs);
    }
  }

  private async send(method: 'GET' | 'POST', url: URL, body: unknown): Promise<PortalResponse> {
    const response = await request(url, {
      method,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'x-version': '2.0',
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    return { status: response.statusCode, body: bytes, json: <T>() => JSON.parse(bytes.toString('utf8')) as T };
  }
}

function refusal(method: string, url: URL, status: number, body: Buffer): ProducerError {
  const detail = body.toString('utf8').slice(0, 300);
  if (status === 401 || status === 403) {
    return new ProducerError(
      'PORTAL_UNAUTHORIZED',
      `The Quix Portal API refused the SDK token (HTTP ${status}) for ${method} ${url.pathname}. ` +
        'Check Quix__Sdk__Token: it must be the SDK token of this environment and not expired.',
      false,
    );
  }
  if (status === 404) {
    return new ProducerError('PORTAL_NOT_FOUND', `The Quix Portal API has no ${url.pathname} (HTTP 404): ${detail}`, false);
  }
  return new ProducerError('PORTAL_REQUEST_FAILED', `The Quix Portal API answered HTTP ${status} to ${method} ${url.pathname}: ${detail}`, false);
}
