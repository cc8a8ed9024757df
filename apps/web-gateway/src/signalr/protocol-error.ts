/**
 * Something the client sent breaks the SignalR protocol or a limit: the connection is closed with
 * a Close message carrying `message`, which names what was wrong (and the limit, where one applies).
 */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type ProtocolErrorCode =
  | 'MESSAGE_TOO_LARGE'
  | 'MALFORMED_MESSAGE'
  | 'HANDSHAKE_FAILED'
  | 'HANDSHAKE_TIMEOUT'
  | 'RATE_LIMITED'
  | 'CLIENT_TIMEOUT'
  | 'SLOW_READER'
  | 'UNSUPPORTED_MESSAGE';

/**
 * A hub method refused a call: its message is sent to the client in the Completion. Any other error
 * thrown by a method is logged and the client gets a generic message (no internals leak).
 */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    message: string,
    readonly code = 'HUB_ERROR',
  ) {
    super(message);
  }
}
