import fc from 'fast-check';
import { endpoint } from '../test/harness.js';
import { compileBody, templateProblems, type TemplateValues } from './body-template.js';
import type { EndpointInput } from './endpoint-config.js';

const render = (body: string, values: TemplateValues, more: Partial<EndpointInput> = {}) => {
  const fill = compileBody({ body, headers: {}, ...more } as never);
  if (fill === undefined) throw new Error('no body');
  return fill(values);
};

describe('body templates', () => {
  it.each<[string, string, TemplateValues, string]>([
    ['a value outside a string is JSON', '{"after": {{cursor}}}', { cursor: 'c"1\\' }, '{"after": "c\\"1\\\\"}'],
    ['a missing value outside a string is null', '{"after": {{cursor}}}', {}, '{"after": null}'],
    ['a number stays a number', '{"page": {{page}}, "size": 2}', { page: 3 }, '{"page": 3, "size": 2}'],
    ['inside a string it is escaped text', '{"q": "updated >= {{since}}"}', { since: 'a"b\n' }, '{"q": "updated >= a\\"b\\n"}'],
    ['inside a string a missing value is empty', '{"after": "{{cursor}}"}', {}, '{"after": ""}'],
    ['a brace-quote inside an earlier string does not confuse it', '{"x": "\\"{", "a": {{cursor}}}', { cursor: 'z' }, '{"x": "\\"{", "a": "z"}'],
    ['spaces inside the braces are allowed', '{"a": {{ until }}}', { until: 5 }, '{"a": 5}'],
  ])('JSON: %s', (_case, body, values, expected) => {
    expect(render(body, values)).toBe(expected);
  });

  it('percent-encodes in a form body and puts text in as it is otherwise', () => {
    expect(render('after={{cursor}}&n=1', { cursor: 'a b&c' }, { contentType: 'application/x-www-form-urlencoded' })).toBe('after=a%20b%26c&n=1');
    expect(render('after {{cursor}}', { cursor: 'a"b' }, { contentType: 'text/plain' })).toBe('after a"b');
  });

  it('takes the content type from the headers when contentType is unset', () => {
    expect(render('after={{cursor}}', { cursor: 'a b' }, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).toBe('after=a%20b');
  });

  it('fills any cursor text into a JSON body so that it reads back as that text, in or outside a string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (cursor) => {
        const parsed = JSON.parse(render('{"v": {{cursor}}, "s": "<{{cursor}}>"}', { cursor })) as { v: string; s: string };
        expect(parsed).toEqual({ v: cursor, s: `<${cursor}>` });
      }),
    );
  });

  it.each<[string, Partial<EndpointInput>, RegExp]>([
    ['an unknown placeholder', { body: '{"a": {{cursr}}}' }, /unknown placeholder \{\{cursr\}\}/],
    ['a placeholder nothing fills', { body: '{"a": {{cursor}}}' }, /\{\{cursor\}\}, which is filled only when the cursor pagination goes in the body/],
    ['a cursor meant for the body that the body lacks', { body: '{}', pagination: { type: 'cursor', field: 'next', in: 'body' } }, /no \{\{cursor\}\} placeholder/],
    ['a window meant for the body without a body', { window: { in: 'body' } }, /no \{\{since\}\} or \{\{until\}\} placeholder/],
    ['a JSON body that is not JSON once filled', { body: '{"after": "{{cursor}}}', pagination: { type: 'cursor', field: 'next', in: 'body' } }, /not JSON once its placeholders are filled/],
    ['a placeholder already in quotes and outside them at once', { body: '{"after": ""{{cursor}}""}', pagination: { type: 'cursor', field: 'next', in: 'body' } }, /not JSON/],
  ])('refuses %s at start', (_case, input, message) => {
    const e = { ...endpoint({ url: 'https://api.example.com/' }), ...input } as never;
    expect(templateProblems(e).map((p) => p.message).join('\n')).toMatch(message);
  });

  it('accepts a GraphQL body with the cursor and a window in it', () => {
    const e = endpoint({
      url: 'https://api.example.com/graphql',
      method: 'POST',
      body: '{"query": "query($after: String) { items(after: $after) { id } }", "variables": {"after": {{cursor}}, "since": "{{since}}", "until": {{until}}}}',
      pagination: { type: 'cursor', field: 'data.items.pageInfo.endCursor', in: 'body' },
      window: { in: 'body' },
    });
    expect(templateProblems(e)).toEqual([]);
  });
});
