/** Error codes of this lib; each names what failed so a test log says where to look. */
export type TestingErrorCode =
  | 'BROKER_START_FAILED'
  | 'BROKER_PORT_TAKEN'
  | 'TOOL_FAILED'
  | 'READ_TIMEOUT'
  | 'TOPIC_CREATE_FAILED';

export class TestingError extends Error {
  readonly code: TestingErrorCode;

  constructor(
    code: TestingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TestingError';
    this.code = code;
  }
}
