import { testing } from './testing.js';

describe('testing', () => {
  it('should work', () => {
    expect(testing()).toEqual('testing');
  });
});
