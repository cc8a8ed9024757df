import { classifyKafkaFailure } from './kafka-errors.js';

const kafkaError = (name: string, type?: string, cause?: unknown) => Object.assign(new Error(name), { name, ...(type ? { type } : {}), ...(cause ? { cause } : {}) });

describe('classifyKafkaFailure', () => {
  it('retries a broker that is down, however kafkajs words it', () => {
    expect(classifyKafkaFailure(kafkaError('KafkaJSConnectionError'))).toBe('transient');
    expect(classifyKafkaFailure(kafkaError('KafkaJSNumberOfRetriesExceeded', undefined, kafkaError('KafkaJSConnectionError')))).toBe('transient');
  });

  it('refuses the records when the broker says they are at fault, or when the client cannot encode them', () => {
    expect(classifyKafkaFailure(kafkaError('KafkaJSProtocolError', 'MESSAGE_TOO_LARGE'))).toBe('refused');
    // e.g. kafkajs's BigInt(timestamp) on a value it cannot convert: retrying would block the partition forever.
    expect(classifyKafkaFailure(new SyntaxError('Cannot convert 1.5 to a BigInt'))).toBe('refused');
    expect(classifyKafkaFailure(new TypeError('x is not a function'))).toBe('refused');
  });

  it('is fatal for authorization and fencing', () => {
    expect(classifyKafkaFailure(kafkaError('KafkaJSProtocolError', 'TOPIC_AUTHORIZATION_FAILED'))).toBe('fatal');
    expect(classifyKafkaFailure(kafkaError('KafkaJSSASLAuthenticationError'))).toBe('fatal');
  });
});
