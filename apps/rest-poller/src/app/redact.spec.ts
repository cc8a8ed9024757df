import { loadConfig, type ConfigError } from '@quix-connectors/config';
import { endpoint } from '../test/harness.js';
import { Redactor, redactUrl } from './redact.js';
import { restPollerVariables } from './rest-variables.js';

describe('redaction of credentials in logs and errors', () => {
  it('hides user info and secret-looking query values in a URL', () => {
    const shown = redactUrl('https://user:hunter22@api.example.com/v1?api_key=abc123&page=2&access_token=tok999');
    expect(shown).not.toMatch(/hunter22|abc123|tok999|user/);
    expect(shown).toContain('page=2');
  });

  it('hides every configured credential wherever it appears in a message, its cause and its stack', () => {
    const e = endpoint({
      url: 'https://u:urlpass1@api.example.com/v1?api_key=querykey1',
      headers: { 'X-Api-Key': 'headerkey1', Authorization: 'Bearer headertoken1', Accept: 'application/json' },
    });
    const redactor = new Redactor([e]);
    const leaky = new Error('connect failed for querykey1 via https://api.example.com/v1?api_key=querykey1', {
      cause: new Error('sent headerkey1 and headertoken1; url password urlpass1'),
    });
    const safe = redactor.error(leaky);
    const everything = `${safe.message} ${String((safe.cause as Error).message)} ${safe.stack ?? ''}`;
    for (const secret of ['querykey1', 'headerkey1', 'headertoken1', 'urlpass1']) expect(everything).not.toContain(secret);
    expect(safe.message).toContain('[redacted]');
  });

  it('hides a bearer token in any text', () => {
    const redactor = new Redactor([endpoint({ url: 'https://api.example.com/', auth: { type: 'bearer', token: 'bearertoken1' } })]);
    expect(redactor.text('401 for Authorization: Bearer bearertoken1')).toBe('401 for Authorization: Bearer [redacted]');
  });

  it('does not echo a malformed POLL_HEADERS, which may hold credentials, in the start error', () => {
    let problems: string[] = [];
    try {
      loadConfig(restPollerVariables, { POLL_URL: 'https://api.example.com/', POLL_HEADERS: '{"Authorization": "Bearer s3cr3t-token",' });
    } catch (error) {
      problems = (error as ConfigError).problems.map((p) => JSON.stringify(p));
    }
    expect(problems.join('\n')).toMatch(/POLL_HEADERS/);
    expect(problems.join('\n')).not.toContain('s3cr3t-token');
  });
});
