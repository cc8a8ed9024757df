import { anySecret, basicLogin, bearerToken, createSenderAuth, sameSecret } from './credentials.js';

describe('credentials', () => {
  it('compares secrets exactly, whatever their lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
    expect(anySecret('b', ['a', 'b', 'c'])).toBe(true);
    expect(anySecret('d', ['a', 'b', 'c'])).toBe(false);
    expect(anySecret('a', [])).toBe(false);
  });

  it('reads bearer tokens and basic logins as RFC 6750 and RFC 7617 write them', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('BEARER abc ')).toBe('abc');
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken('Basic abc')).toBeUndefined();
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    expect(basicLogin(`Basic ${b64('user:pa:ss')}`)).toEqual({ username: 'user', password: 'pa:ss' });
    expect(basicLogin(`basic ${b64(':')}`)).toEqual({ username: '', password: '' });
    expect(basicLogin(`Basic ${b64('no-colon')}`)).toBeUndefined();
    expect(basicLogin('Basic not*base64')).toBeUndefined();
    expect(basicLogin(undefined)).toBeUndefined();
  });

  it('refuses a repeated API-key header as ambiguous and names the header, never the key', () => {
    const check = createSenderAuth({ type: 'api-key', tokens: ['k'], logins: [], header: 'X-API-Key', realm: 'r' });
    expect(check({ 'x-api-key': 'k' })).toEqual({ ok: true });
    expect(check({ 'x-api-key': ['k', 'k'] })).toEqual({ ok: false, reason: 'the X-API-Key header is repeated' });
    expect(check({ 'x-api-key': 'nope' })).toEqual({ ok: false, reason: 'the X-API-Key key is not accepted' });
  });

  it('accepts everything with type none', () => {
    expect(createSenderAuth({ type: 'none', tokens: [], logins: [], header: 'x', realm: 'r' })({})).toEqual({ ok: true });
  });
});
