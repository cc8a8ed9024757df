import { randomClusterId } from './cluster-id.ts';

describe('randomClusterId', () => {
  it('is 16 bytes of unpadded base64url that never starts with "-"', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });
});
