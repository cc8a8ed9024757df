import { messageSchema } from './message-schema.js';

describe('messageSchema', () => {
  it('should work', () => {
    expect(messageSchema()).toEqual('message-schema');
  });
});
