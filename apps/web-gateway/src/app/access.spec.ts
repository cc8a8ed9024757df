import { bearerToken } from '@quix-connectors/service';
import { AccessControl } from './access.js';

describe('AccessControl', () => {
  const access = new AccessControl([
    { token: 'writer-secret-1', topics: ['mouse'], write: true, read: false },
    { token: 'reader-secret-1', topics: ['*'], write: false, read: true },
  ], false);

  it('grants what each token names, and nothing to an unknown or missing token', () => {
    const writer = access.principalOf('writer-secret-1');
    expect([writer?.canWrite('mouse'), writer?.canWrite('other'), writer?.canRead('mouse')]).toEqual([true, false, false]);
    const reader = access.principalOf('reader-secret-1');
    expect([reader?.canRead('anything'), reader?.canWrite('mouse')]).toEqual([true, false]);
    expect(access.principalOf('writer-secret-2')).toBeNull();
    expect(access.principalOf('writer-secret-1x')).toBeNull();
    expect(access.principalOf(undefined)).toBeNull();
    expect(access.principalOf('')).toBeNull();
  });

  it('lets everyone in only with ALLOW_ANONYMOUS', () => {
    expect(new AccessControl([], true).principalOf(undefined)?.canWrite('x')).toBe(true);
    expect(new AccessControl([], false).principalOf(undefined)).toBeNull();
  });

  it('reads bearer tokens in any case of the scheme', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
