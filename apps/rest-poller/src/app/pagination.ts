import type { Endpoint } from './endpoint-config.js';
import { getPath } from './flatten.js';

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
      return next === undefined ? undefined : { url: new URL(next, pageUrl(current)).toString(), query: {} };
    }
    case 'next-url': {
      const next = getPath(result.body, p.field);
      return typeof next === 'string' && next !== '' ? { url: new URL(next, pageUrl(current)).toString(), query: {} } : undefined;
    }
    case 'cursor': {
      const cursor = getPath(result.body, p.field);
      if ((typeof cursor !== 'string' && typeof cursor !== 'number') || cursor === '') return undefined;
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

/** The `rel="next"` target of an RFC 8288 Link header. */
export function linkNext(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}
