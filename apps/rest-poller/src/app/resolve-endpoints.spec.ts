import { loadConfig, type ConfigError } from '@quix-connectors/config';
import { resolveEndpoints } from './resolve-endpoints.js';
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
});
