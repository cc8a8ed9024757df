import { request } from 'undici';
import { backoffDelay, realTimers, type Timers } from '../delivery/backoff.js';
import { ProducerError } from '../errors.js';

export interface PortalApiOptions {
  /** The Portal API's base URL, e.g. https://portal-api.platform.quix.io */
  baseUrl: string;
  token: string;
  /** Per request. */
  timeoutMs: number;
  /** Attempts for network errors, timeouts and 5xx before giving up. */
  attempts: number;
  timers?: Timers;
}

export interface PortalResponse {
  status: number;
  body: Buffer;
  json<T>(): T;
}

/**
 * The few Portal API calls a producer needs, as quixstreams makes them: bearer token,
 * `X-Version: 2.0`, a timeout per request, retries with backoff on network errors and 5xx, and
 * errors that say which token, workspace or topic was refused. The token is never in a message.
 */
export class PortalApi {
  private readonly timers: Timers;

  constructor(private readonly options: PortalApiOptions) {
    this.timers = options.timers ?? realTimers;
  }

  async get(path: string, accept: readonly number[] = [200]): Promise<PortalResponse> {
    return this.call('GET', path, undefined, accept);
  }

  async post(path: string, body: unknown, accept: readonly number[] = [200, 201]): Promise<PortalResponse> {
    return this.call('POST', path, body, accept);
  }

  private async call(method: 'GET' | 'POST', path: string, body: unknown, accept: readonly number[]): Promise<PortalResponse> {
    const url = new URL(path.replace(/^\//, ''), this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`);
    for (let attempt = 1; ; attempt += 1) {
      let failure: string;
      try {
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
        const result = { status: response.statusCode, body: bytes, json: <T>() => JSON.parse(bytes.toString('utf8')) as T };
        if (accept.includes(response.statusCode)) return result;
        if (response.statusCode < 500) throw refusal(method, url, response.statusCode, bytes);
        failure = `HTTP ${response.statusCode}`;
      } catch (error) {
        if (error instanceof ProducerError) throw error;
        failure = (error as Error).message;
      }
      if (attempt >= this.options.attempts) {
        throw new ProducerError(
          'PORTAL_REQUEST_FAILED',
          `The Quix Portal API did not answer ${method} ${url.pathname} after ${attempt} attempts (last: ${failure}). ` +
            'Check Quix__Portal__Api and that it is reachable from here.',
          true,
        );
      }
      await this.timers.sleep(backoffDelay({ initialMs: 500, maxMs: 8000 }, attempt));
    }
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
