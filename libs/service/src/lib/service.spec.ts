import { service } from './service.js';

describe('service', () => {
  it('should work', () => {
    expect(service()).toEqual('service');
  });
});
