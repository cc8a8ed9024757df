import { request, type Dispatcher } from 'undici';

export interface HttpRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBodyBytes: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, or undefined when it was over the limit (the rest was not read). */
  body: string | undefined;
  bodyBytes: number;
}

/**
 * One HTTP request through undici. The timeout covers headers and body together; a body over the
 * limit is abandoned as soon as it passes it. Network errors and timeouts reject.
 */
export async function sendRequest(req: HttpRequest, dispatcher?: Dispatcher): Promise<HttpResponse> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no complete response within ${req.timeoutMs} ms`)), req.timeoutMs);
  try {
    const response = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: abort.signal,
      dispatcher,
    });
    const headers = flatHeaders(response.headers);
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of response.body) {
      bytes += (chunk as Buffer).length;
      if (bytes > req.maxBodyBytes) {
        response.body.destroy();
        return { status: response.statusCode, headers, body: undefined, bodyBytes: bytes };
      }
      chunks.push(chunk as Buffer);
    }
    return { status: response.statusCode, headers, body: Buffer.concat(chunks).toString('utf8'), bodyBytes: bytes };
  } finally {
    clearTimeout(timer);
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
