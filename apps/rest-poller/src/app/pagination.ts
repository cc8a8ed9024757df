import type { TemplateValues } from './body-template.js';
import type { Endpoint, Pagination } from './endpoint-config.js';
import { getPath } from './flatten.js';
import { ShapeError } from './poll-errors.js';
import { windowValues, type WindowSpan } from './time-window.js';

/** One page to fetch: a URL, the query parameters added to it, and what fills the body template. */
export interface PageRequest {
  url: string;
  query: Record<string, string>;
  /** The cursor, page or offset when it goes in the body (`{{cursor}}`, `{{page}}`, `{{offset}}`). */
  bodyValues?: Record<string, string | number>;
  /** The time window of the poll this page belongs to; every page of a poll shares it. */
  window?: WindowSpan;
}

type Positioned = Extract<Pagination, { type: 'cursor' | 'page' | 'offset' }>;

/** Where the cursor, page or offset of `page` is, as text: in its query or its body values. */
function positionOf(p: Positioned, page: PageRequest): string | undefined {
  const value = p.in === 'body' ? page.bodyValues?.[p.type] : page.query[p.param];
  return value === undefined ? undefined : String(value);
}

/** `page` moved to `value`: a query parameter, or a body value (numbers stay numbers, for JSON). */
function withPosition(p: Positioned, page: PageRequest, value: string | number): PageRequest {
  if (p.in === 'body') return { ...page, bodyValues: { ...page.bodyValues, [p.type]: value } };
  return { ...page, query: { ...page.query, [p.param]: String(value) } };
}

/** The first page of a poll; with a time window, its bounds go into the query (or, later, the body). */
export function firstPage(endpoint: Pick<Endpoint, 'url' | 'query' | 'pagination' | 'window'>, window?: WindowSpan): PageRequest {
  const p = endpoint.pagination;
  const w = endpoint.window;
  const query = { ...endpoint.query };
  if (w !== undefined && window !== undefined && w.in === 'query') {
    const { since, until } = windowValues(w, window);
    query[w.sinceParam] = String(since);
    query[w.untilParam] = String(until);
  }
  const first: PageRequest = { url: endpoint.url, query, ...(window === undefined ? {} : { window }) };
  return p.type === 'page' || p.type === 'offset' ? withPosition(p, first, p.start) : first;
}

/** The values of the body template's placeholders for `page`. */
export function bodyValues(endpoint: Pick<Endpoint, 'window'>, page: PageRequest): TemplateValues {
  const w = endpoint.window;
  const window = w?.in === 'body' && page.window !== undefined ? windowValues(w, page.window) : {};
  return { ...page.bodyValues, ...window };
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
      return next === undefined ? undefined : linked(resolveLink(next, current), current);
    }
    case 'next-url': {
      const next = getPath(result.body, p.field);
      return typeof next === 'string' && next !== '' ? linked(resolveLink(next, current), current) : undefined;
    }
    case 'cursor': {
      const cursor = getPath(result.body, p.field);
      if ((typeof cursor !== 'string' && typeof cursor !== 'number' && typeof cursor !== 'bigint') || cursor === '') return undefined;
      if (positionOf(p, current) === String(cursor) || result.records.length === 0) return undefined;
      return withPosition(p, current, String(cursor));
    }
    case 'page':
    case 'offset': {
      const short = p.pageSize !== undefined ? result.records.length < p.pageSize : result.records.length === 0;
      if (short) return undefined;
      const step = p.type === 'page' ? 1 : p.pageSize;
      return withPosition(p, current, Number(positionOf(p, current) ?? p.start) + step);
    }
  }
}

/** The page a link leads to: its own query, the same window. */
function linked(url: string, current: PageRequest): PageRequest {
  return { url, query: {}, ...(current.window === undefined ? {} : { window: current.window }) };
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
