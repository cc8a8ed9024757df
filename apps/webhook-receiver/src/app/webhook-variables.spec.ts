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
    expect(problems({ AUTH_TYPE: 'bearer' })).toEqual(['AUTH_TOKENS: AUTH_TYPE bearer needs at least one token (it is not set)']);
    expect(problems({ AUTH_TYPE: 'basic', AUTH_LOGINS: 'ops:fine,no-colon', SIGNATURE_SCHEME: 'github' })).toEqual([
      'AUTH_LOGINS: each login must be user:password (value hidden)',
      'WEBHOOK_SECRETS: SIGNATURE_SCHEME github needs at least one secret (it is not set)',
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

  it('marks the secrets secret', () => {
    expect(webhookVariables.secrets.secret).toBe(true);
  });
});
