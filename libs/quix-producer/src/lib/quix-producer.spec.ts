import { quixProducer } from './quix-producer.js';

describe('quixProducer', () => {
  it('should work', () => {
    expect(quixProducer()).toEqual('quix-producer');
  });
});
