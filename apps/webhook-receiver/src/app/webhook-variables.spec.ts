import { ConfigError, loadConfig } from '@quix-connectors/config';
import { webhookCrossChecks, webhookVariables } from './webhook-variables.js';

const load = (env: Record<string, string>) => loadConfig(webhookVariables, env, [webhookCrossChecks]);
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
};

describe('webhook variables', () => {
  it('has working defaults: no signature, /webhook, 1 MB, 5 min tolerance, id from "type"', () => {
    expect(load({})).toMatchObject({
      topic: 'webhooks',
      port: 8080,
      streamId: 'webhooks',
      path: '/webhook',
      scheme: 'none',
      signatureHeader: 'x-signature',
      toleranceS: 300,
      eventIdField: 'type',
      tagHeaders: [],
      maxBodyBytes: 1_048_576,
      rateLimitPerS: 0,
      publishTimeoutMs: 5000,
    });
  });

  it('reads comma-separated secrets and tag headers, and lower-cases the signature header', () => {
    const config = load({ SIGNATURE_SCHEME: 'hmac-sha1', WEBHOOK_SECRETS: 'new, old', TAG_HEADERS: 'User-Agent,x-request-id', SIGNATURE_HEADER: 'X-Signature' });
    expect(config.secrets).toEqual(['new', 'old']);
    expect(config.tagHeaders).toEqual(['User-Agent', 'x-request-id']);
    expect(config.signatureHeader).toBe('x-signature');
  });

  it('reads sender credentials, and lists every one missing or malformed at once', () => {
    expect(load({ AUTH_TYPE: 'basic', AUTH_LOGINS: '["ops:a,b","ci:c"]' }).authLogins).toEqual(['ops:a,b', 'ci:c']);
    expect(load({ AUTH_TYPE: 'api-key', AUTH_TOKENS: 'k1,k2' })).toMatchObject({ authTokens: ['k1', 'k2'], authHeader: 'X-API-Key' });
    expect(problems({ AUTH_TYPE: 'bearer' })).toEqual(['AUTH_TOKENS: AUTH_TYPE bearer needs at least one token (AUTH_TOKENS is not set)']);
    expect(problems({ AUTH_TYPE: 'basic', AUTH_LOGINS: 'ops:fine,no-colon', SIGNATURE_SCHEME: 'github' })).toEqual([
      'AUTH_LOGINS: each login must be user:password (value hidden)',
      'WEBHOOK_SECRETS: SIGNATURE_SCHEME github needs at least one secret (WEBHOOK_SECRETS is not set)',
    ]);
    expect(problems({ AUTH_TYPE: 'api-key', AUTH_TOKENS: 'k', AUTH_HEADER: 'bad header' })[0]).toMatch(/^AUTH_HEADER: .*HTTP header name/);
  });

  it.each(['hmac-sha1', 'hmac-sha256', 'github', 'stripe', 'standard-webhooks'])('refuses %s without secrets', (scheme) => {
    expect(problems({ SIGNATURE_SCHEME: scheme })).toEqual([expect.stringMatching(/^WEBHOOK_SECRETS: .*needs at least one secret/)]);
  });

  it('refuses a standard-webhooks secret that is not base64, without showing it', () => {
    const found = problems({ SIGNATURE_SCHEME: 'standard-webhooks', WEBHOOK_SECRETS: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,whsec_not base64!' });
    expect(found).toEqual([expect.stringMatching(/secret 2 is not whsec_<base64>/)]);
    expect(found.join()).not.toMatch(/not base64!|MfKQ9r8/);
  });

  it('reports every bad value together', () => {
    expect(problems({ WEBHOOK_PATH: 'webhook', SIGNATURE_SCHEME: 'md5', MAX_BODY_BYTES: '0' })).toEqual([
      expect.stringMatching(/^WEBHOOK_PATH: must start with \//),
      expect.stringMatching(/^SIGNATURE_SCHEME: must be one of none, hmac-sha1/),
      expect.stringMatching(/^MAX_BODY_BYTES: must be above 0/),
    ]);
  });

  it('reads WEBHOOK_ROUTES, and lists every bad route at once without quoting a secret', () => {
    const routes = [
      { path: '/github', scheme: 'github', secrets: ['gh-s3cret'], tags: { source: 'github' } },
      { path: '/ops', authType: 'bearer', authTokens: ['t'], topic: 'ops' },
    ];
    const config = load({ WEBHOOK_ROUTES: JSON.stringify(routes), PATH_TAG: 'path', CHALLENGES: 'echo' });
    expect(config.routes).toEqual(routes);
    expect(config).toMatchObject({ pathTag: 'path', challenges: ['echo'] });

    const bad = [
      { path: '/github', scheme: 'github' },
      { path: '/github', authType: 'basic', authLogins: ['no-colon-s3cret'] },
      { path: '/meta', challenges: ['meta'] },
      { path: '/slack', scheme: 'stripe', secrets: ['whsec_x'], challenges: ['slack'] },
    ];
    const found = problems({ WEBHOOK_ROUTES: JSON.stringify(bad) });
    expect(found).toEqual([
      'WEBHOOK_ROUTES: route 1 (/github): scheme github needs at least one secret (secrets is not set)',
      'WEBHOOK_ROUTES: route 2 (/github): each login must be user:password (value hidden)',
      'WEBHOOK_ROUTES: route 3 (/meta): the meta challenge needs a verify token (challengeVerifyToken is not set)',
      'WEBHOOK_ROUTES: route 4 (/slack): Slack signs its url_verification with its own scheme: the slack challenge needs scheme slack (not stripe)',
      'WEBHOOK_ROUTES: the path /github is listed twice',
    ]);
    expect(found.join()).not.toMatch(/s3cret/);
  });

  it('refuses a WEBHOOK_ROUTES that is not a list of known route fields, naming the entry and field', () => {
    expect(problems({ WEBHOOK_ROUTES: '{not json s3cret' })).toEqual([expect.stringMatching(/^WEBHOOK_ROUTES: must be a JSON list of routes.*\(value hidden\)$/)]);
    expect(problems({ WEBHOOK_ROUTES: '[]' })).toEqual([expect.stringMatching(/^WEBHOOK_ROUTES: the list: /)]);
    const [found, ...more] = problems({ WEBHOOK_ROUTES: JSON.stringify([{ path: 'nope' }, { path: '/a', schema: 'github' }, { path: '/b', scheme: 'md5' }]) });
    expect(more).toEqual([]);
    expect(found.split('; ')).toEqual([
      expect.stringMatching(/^WEBHOOK_ROUTES: route 1 path: must start with \//),
      expect.stringMatching(/^route 2: .*schema/),
      expect.stringMatching(/^route 3 scheme: .*\(value hidden\)$/),
    ]);
  });

  it('reads CORS_ORIGINS and RESPONSE_HEADERS, refusing header values that could split a response', () => {
    expect(load({ CORS_ORIGINS: 'https://a.example, https://b.example', RESPONSE_HEADERS: '{"X-Served-By":"quix"}' })).toMatchObject({
      corsOrigins: ['https://a.example', 'https://b.example'],
      responseHeaders: { 'X-Served-By': 'quix' },
    });
    for (const value of ['{"X-A":"one\\r\\nSet-Cookie: x=1"}', '{"bad name":"v"}', '{"X-A":1}', '["X-A"]']) {
      expect(problems({ RESPONSE_HEADERS: value })).toEqual([expect.stringMatching(/^RESPONSE_HEADERS: must be a JSON object of header names/)]);
    }
  });

  it('gives every duration in seconds a range', () => {
    expect(problems({ TIMESTAMP_TOLERANCE_S: '86401', DEDUPE_WINDOW_S: '2592001', RETRY_AFTER_S: '1e9' })).toEqual([
      expect.stringMatching(/^TIMESTAMP_TOLERANCE_S: must be at most 86400/),
      expect.stringMatching(/^DEDUPE_WINDOW_S: must be at most 2592000/),
      expect.stringMatching(/^RETRY_AFTER_S: must be at most 86400/),
    ]);
  });

  it('marks the secrets secret', () => {
    expect(webhookVariables.secrets.secret).toBe(true);
    expect(webhookVariables.routes.secret).toBe(true);
    expect(webhookVariables.challengeVerifyToken.secret).toBe(true);
  });
});
