import { endpointSchema, type Endpoint } from './endpoint-config.js';
import { firstPage, linkNext, nextPage, pageUrl } from './pagination.js';

const endpoint = (pagination: unknown): Endpoint => endpointSchema.parse({ name: 'e', url: 'http://api.test/items?fixed=1', pagination });

describe('linkNext', () => {
  it.each([
    ['<https://a/2>; rel="next", <https://a/9>; rel="last"', 'https://a/2'],
    ['<https://a/1>; rel="prev", <https://a/3>; rel=next', 'https://a/3'],
    ['<https://a/1>; rel="prev"', undefined],
    [undefined, undefined],
  ])('reads %p', (header, expected) => expect(linkNext(header)).toBe(expected));
});

describe('nextPage', () => {
  const result = (records: unknown[], body: unknown = {}, headers: Record<string, string> = {}) => ({ records, body, headers });

  it('follows Link: rel=next, resolving relative URLs', () => {
    const e = endpoint({ type: 'link' });
    const next = nextPage(e, firstPage(e), result([1], {}, { link: '</items?page=2>; rel="next"' }));
    expect(next && pageUrl(next)).toBe('http://api.test/items?page=2');
    expect(nextPage(e, firstPage(e), result([1]))).toBeUndefined();
  });

  it('follows a next-URL field', () => {
    const e = endpoint({ type: 'next-url', field: 'links.next' });
    expect(nextPage(e, firstPage(e), result([1], { links: { next: 'http://api.test/p2' } }))).toEqual({ url: 'http://api.test/p2', query: {} });
    expect(nextPage(e, firstPage(e), result([1], { links: { next: null } }))).toBeUndefined();
  });

  it('sends a cursor back as a query parameter and stops when it is absent or repeats', () => {
    const e = endpoint({ type: 'cursor', field: 'meta.cursor', param: 'after' });
    const second = nextPage(e, firstPage(e), result([1], { meta: { cursor: 'abc' } }));
    if (second === undefined) throw new Error('expected a second page');
    expect(pageUrl(second)).toBe('http://api.test/items?fixed=1&after=abc');
    expect(nextPage(e, second, result([1], { meta: { cursor: 'abc' } }))).toBeUndefined();
    expect(nextPage(e, second, result([1], { meta: {} }))).toBeUndefined();
  });

  it('counts pages until an empty or short page', () => {
    const e = endpoint({ type: 'page', pageSize: 2 });
    const first = firstPage(e);
    expect(pageUrl(first)).toBe('http://api.test/items?fixed=1&page=1');
    expect(nextPage(e, first, result([1, 2]))?.query['page']).toBe('2');
    expect(nextPage(e, first, result([1]))).toBeUndefined();
    expect(nextPage(endpoint({ type: 'page' }), first, result([]))).toBeUndefined();
  });

  it('steps offsets by the page size', () => {
    const e = endpoint({ type: 'offset', param: 'skip', pageSize: 2 });
    const first = firstPage(e);
    expect(first.query['skip']).toBe('0');
    expect(nextPage(e, first, result([1, 2]))?.query['skip']).toBe('2');
    expect(nextPage(e, first, result([1]))).toBeUndefined();
  });
});
