import { loadConfig, type ConfigError } from '@quix-connectors/config';
import { endpointsCheck, resolveEndpoints } from './resolve-endpoints.js';
import { restPollerVariables } from './rest-variables.js';

const resolve = (env: Record<string, string>) => resolveEndpoints(loadConfig(restPollerVariables, env));
const problems = (env: Record<string, string>) => {
  try {
    resolve(env);
  } catch (error) {
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

describe('resolveEndpoints', () => {
  it('builds one endpoint from the single-endpoint variables, with the seed defaults', () => {
    const [e] = resolve({
      POLL_URL: 'https://api.example.com/v1/items',
      AUTH_TYPE: 'bearer',
      AUTH_TOKEN: 't',
      TAG_FIELDS: 'site, device',
      PAGINATION_TYPE: 'cursor',
      PAGINATION_FIELD: 'next_cursor',
      POLL_HEADERS: '{"Accept":"application/json"}',
    });
    expect(e).toMatchObject({
      name: 'api.example.com',
      intervalMs: 4000,
      method: 'GET',
      auth: { type: 'bearer', token: 't' },
      tagFields: ['site', 'device'],
      pagination: { type: 'cursor', field: 'next_cursor', param: 'cursor' },
      headers: { Accept: 'application/json' },
    });
  });

  it('asks for POLL_URL or ENDPOINTS when neither is set', () => {
    expect(problems({})).toEqual([expect.objectContaining({ variable: 'POLL_URL' })]);
  });

  it('lists every problem of every ENDPOINTS entry at once, with where it is', () => {
    const list = [
      { name: 'ok', url: 'https://a.example/x' },
      { name: 'ok', url: 'ftp://nope', intervalMs: -1 },
      { url: 'https://b.example', pagination: { type: 'cursor' } },
    ];
    const found = problems({ ENDPOINTS: JSON.stringify(list) }).map((p) => p.message);
    expect(found).toEqual([
      expect.stringContaining('[1].url'),
      expect.stringContaining('[1].intervalMs'),
      expect.stringContaining('[2].name'),
      expect.stringContaining('[2].pagination.field'),
    ]);
  });

  it('rejects duplicate names and text that is not JSON', () => {
    const twice = JSON.stringify([{ name: 'x', url: 'https://a.example' }, { name: 'x', url: 'https://b.example' }]);
    expect(problems({ ENDPOINTS: twice })[0]?.message).toContain('"x" is used twice');
    expect(problems({ ENDPOINTS: '[{' })[0]?.message).toContain('must be a JSON list');
  });

  it('names the variable of a missing credential', () => {
    expect(problems({ POLL_URL: 'https://a.example', AUTH_TYPE: 'basic' })).toEqual([expect.objectContaining({ variable: 'AUTH_*' })]);
  });

  it('builds an OAuth2 endpoint with a body template and a time window from the single-endpoint variables', () => {
    const [e] = resolve({
      POLL_URL: 'https://api.example.com/graphql',
      POLL_METHOD: 'POST',
      POLL_BODY: '{"variables": {"after": {{cursor}}, "since": {{since}}}}',
      AUTH_TYPE: 'oauth2',
      AUTH_TOKEN_URL: 'https://auth.example.com/oauth/token',
      AUTH_CLIENT_ID: 'poller',
      AUTH_CLIENT_SECRET: 's3cret',
      AUTH_SCOPE: 'read:items',
      AUTH_TOKEN_PARAMS: '{"resource":"https://api.example.com"}',
      PAGINATION_TYPE: 'cursor',
      PAGINATION_FIELD: 'data.next',
      PAGINATION_IN: 'body',
      WINDOW_IN: 'body',
      WINDOW_FORMAT: 'unix-s',
      WINDOW_LOOKBACK_S: '600',
    });
    expect(e).toMatchObject({
      method: 'POST',
      auth: { type: 'oauth2', tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'poller', clientSecret: 's3cret', clientAuth: 'basic', scope: 'read:items', params: { resource: 'https://api.example.com' } },
      pagination: { type: 'cursor', field: 'data.next', in: 'body' },
      window: { in: 'body', format: 'unix-s', lookbackS: 600, sinceParam: 'since', untilParam: 'until' },
    });
  });

  it('lists every missing OAuth2 setting at once, each under its variable', () => {
    const found = problems({ POLL_URL: 'https://api.example.com/', AUTH_TYPE: 'oauth2', AUTH_CLIENT_SECRET: 'x' }).map((p) => p.variable);
    expect(found.sort()).toEqual(['AUTH_CLIENT_ID', 'AUTH_TOKEN_URL']);
    const all = problems({ POLL_URL: 'https://api.example.com/', AUTH_TYPE: 'oauth2', AUTH_TOKEN_URL: 'ftp://auth.example.com/' }).map((p) => p.variable);
    expect(all.sort()).toEqual(['AUTH_CLIENT_ID', 'AUTH_CLIENT_SECRET', 'AUTH_TOKEN_URL']);
  });

  it('refuses OAuth2 and window variables that would be ignored, with the other problems', () => {
    const found = problems({ POLL_URL: 'https://api.example.com/', AUTH_TOKEN_URL: 'https://auth.example.com/token', AUTH_CLIENT_ID: 'c', WINDOW_START: '2026-12-01T00:00:00Z', POLL_BODY: '{"a": {{cursr}}}' });
    expect(found.map((p) => p.variable).sort()).toEqual(['AUTH_CLIENT_ID', 'AUTH_TOKEN_URL', 'POLL_BODY', 'WINDOW_START']);
    expect(found.find((p) => p.variable === 'AUTH_TOKEN_URL')?.message).toMatch(/AUTH_TYPE=oauth2/);
  });

  it('names the variable of a body placement the body does not support, and of a bad window start', () => {
    const found = problems({ POLL_URL: 'https://api.example.com/', PAGINATION_TYPE: 'page', PAGINATION_IN: 'body', POLL_BODY: '{}', WINDOW_IN: 'query', WINDOW_START: 'yesterday' });
    expect(found.map((p) => p.variable).sort()).toEqual(['PAGINATION_IN', 'WINDOW_START']);
  });

  it('checks each ENDPOINTS entry\'s OAuth2 settings and template', () => {
    const list = [
      { name: 'a', url: 'https://a.example', auth: { type: 'oauth2', tokenUrl: 'https://auth.example/token', clientId: 'c' } },
      { name: 'b', url: 'https://b.example', method: 'POST', body: '{"after": {{cursor}}', pagination: { type: 'cursor', field: 'next', in: 'body' } },
    ];
    const found = problems({ ENDPOINTS: JSON.stringify(list) }).map((p) => p.message);
    expect(found).toEqual([expect.stringContaining('[0].auth.clientSecret'), expect.stringMatching(/not JSON once its placeholders are filled.*\[1\]\.body/)]);
  });

  it('at start, lists a bad endpoint setting beside an invalid variable the endpoint also reads', () => {
    let error: unknown;
    try {
      loadConfig(restPollerVariables, { POLL_URL: 'ftp://files.example.com/', POLL_INTERVAL_MS: 'soon', POLL_HEADERS: '{', PAGINATION_TYPE: 'cursor' }, [endpointsCheck]);
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['PAGINATION_*', 'POLL_HEADERS', 'POLL_INTERVAL_MS', 'POLL_URL']);
  });
});
