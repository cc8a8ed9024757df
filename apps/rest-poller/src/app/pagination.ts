import type { Endpoint } from './endpoint-config.js';
import { getPath } from './flatten.js';
import { ShapeError } from './poll-errors.js';

/** One page to fetch: a URL and the query parameters added to it. */
export interface PageRequest {
  url: string;
  query: Record<string, string>;
}

export function firstPage(endpoint: Pick<Endpoint, 'url' | 'query' | 'pagination'>): PageRequest {
  const p = endpoint.pagination;
  const query = { ...endpoint.query };
  if (p.type === 'page' || p.type === 'offset') query[p.param] = String(p.start);
  return { url: endpoint.url, query };
}

/** The URL with its query parameters, as sent. */
export function pageUrl(page: PageRequest): string {
  const url = new URL(page.url);
  for (const [name, value] of Object.entries(page.query)) url.searchParams.set(name, value);
  return url.toString();
}

export interface PageResult {
  headers: Record<string, string>;
  body: unknown;
  records: readonly unknown[];
}

/** The page after `current`, or undefined when there is none. */
export function nextPage(endpoint: Pick<Endpoint, 'pagination'>, current: PageRequest, result: PageResult): PageRequest | undefined {
  const p = endpoint.pagination;
  switch (p.type) {
    case 'none':
      return undefined;
    case 'link': {
      const next = linkNext(result.headers['link']);
      return next === undefined ? undefined : { url: resolveLink(next, current), query: {} };
    }
    case 'next-url': {
      const next = getPath(result.body, p.field);
      return typeof next === 'string' && next !== '' ? { url: resolveLink(next, current), query: {} } : undefined;
    }
    case 'cursor': {
      const cursor = getPath(result.body, p.field);
      if ((typeof cursor !== 'string' && typeof cursor !== 'number' && typeof cursor !== 'bigint') || cursor === '') return undefined;
      if (current.query[p.param] === String(cursor) || result.records.length === 0) return undefined;
      return { url: current.url, query: { ...current.query, [p.param]: String(cursor) } };
    }
    case 'page':
    case 'offset': {
      const short = p.pageSize !== undefined ? result.records.length < p.pageSize : result.records.length === 0;
      if (short) return undefined;
      const step = p.type === 'page' ? 1 : p.pageSize;
      return { url: current.url, query: { ...current.query, [p.param]: String(Number(current.query[p.param] ?? p.start) + step) } };
    }
  }
}

/** A next-page link, relative to the page it came from; throws a ShapeError when it is no http(s) URL. */
function resolveLink(link: string, current: PageRequest): string {
  let url: URL;
  try {
    url = new URL(link, pageUrl(current));
  } catch {
    throw new ShapeError('the next-page link is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ShapeError(`the next-page link is a ${url.protocol} URL, not http(s)`);
  return url.toString();
}

/**
 * Whether pagination may follow a link to `url`: to the endpoint's own origin, and to the
 * origins it allows (`allowedOrigins`, PAGINATION_ALLOWED_ORIGINS). Anything else could be a
 * response that sends the poller, and what it publishes, to a host of someone else's choosing.
 */
export function mayFollow(endpoint: Pick<Endpoint, 'url' | 'allowedOrigins'>, url: string): boolean {
  const origin = new URL(url).origin;
  return origin === new URL(endpoint.url).origin || endpoint.allowedOrigins.includes(origin);
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function linkNext(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}
