import { systemClock, type Clock } from '@quix-connectors/timing';
import { getGlobalDispatcher, type Dispatcher } from 'undici';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Aborts the request (shutdown). */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, or undefined when it was over the limit (the rest was not read). */
  body: string | undefined;
  bodyBytes: number;
}

/**
 * One HTTP request through undici's dispatcher. The timeout covers connecting, headers and body
 * together; a body over the limit is abandoned as soon as it passes it. Network errors,
 * timeouts and `signal` reject.
 *
 * This uses undici's handler API rather than `request()`: at a thousand polls a second the
 * response stream, its async iterator and an AbortController per request cost about a tenth of
 * the poller's CPU, and a handler needs none of them.
 */
export function sendRequest(req: HttpRequest, dispatcher: Dispatcher = getGlobalDispatcher(), clock: Clock = systemClock): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(req.url);
    const chunks: Buffer[] = [];
    let bytes = 0;
    let status = 0;
    let headers: Record<string, string> = {};
    let controller: Dispatcher.DispatchController | undefined;
    let settled = false;
    // Settles once; a request still running after that (timed out, too large) is aborted.
    const settle = (outcome: { value: HttpResponse } | { error: Error }) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      req.signal?.removeEventListener('abort', onAbort);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
      if (controller && !controller.aborted && ('error' in outcome || outcome.value.body === undefined)) controller.abort(new Error('abandoned'));
    };
    const timer = clock.timer(req.timeoutMs, () => settle({ error: new Error(`no complete response within ${req.timeoutMs} ms`) }), { unref: true });
    const onAbort = () => settle({ error: new Error('the request was cut short by shutdown') });
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort, { once: true });

    dispatcher.dispatch(
      { origin: url.origin, path: url.pathname + url.search, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body },
      {
        onRequestStart(c) {
          controller = c;
          if (settled) c.abort(new Error('abandoned')); // timed out while waiting for a connection
        },
        onResponseStart(_c, statusCode, responseHeaders) {
          status = statusCode;
          headers = flatHeaders(responseHeaders);
        },
        onResponseData(_c, chunk) {
          bytes += chunk.length;
          if (bytes > req.maxBodyBytes) settle({ value: { status, headers, body: undefined, bodyBytes: bytes } });
          else chunks.push(chunk);
        },
        onResponseEnd() {
          const body = (chunks.length === 1 ? chunks[0] : undefined)?.toString('utf8') ?? Buffer.concat(chunks).toString('utf8');
          settle({ value: { status, headers, body, bodyBytes: bytes } });
        },
        onResponseError(_c, error) {
          settle({ error });
        },
      },
    );
  });
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
