/** Protocol timings and limits of the SignalR server, each per connection unless it says otherwise. */
export interface SignalrLimits {
  /** Largest message (one JSON record) a client may send, bytes. */
  maxMessageBytes: number;
  /** Messages a second a client may send on average (0: no limit), and the burst above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Connections open or negotiated at once, over the whole server. */
  maxConnections: number;
  /** Bytes queued for a client that reads too slowly before it is disconnected. */
  maxBufferedBytes: number;
  /** Invocations running at once and the bytes of their messages before the socket stops being read. */
  maxPendingInvocations: number;
  maxPendingBytes: number;
  /** Time from the WebSocket opening (or the negotiate) to the handshake. */
  handshakeTimeoutMs: number;
  /** The server pings when it has sent nothing for this long. */
  keepAliveIntervalMs: number;
  /** A client that sends nothing (pings included) for this long is disconnected. */
  clientTimeoutMs: number;
  /** How long a Close message may take to go out before the socket is cut. */
  closeGraceMs: number;
}

/**
 * The defaults: pings and timeouts as ASP.NET Core SignalR's (15 s keep-alive, 30 s client
 * timeout, 15 s handshake), messages up to 128 KiB, 200 a second (a mouse page sends ~60-120).
 * Worst-case memory is about maxConnections x (maxPendingBytes + maxBufferedBytes + maxMessageBytes).
 */
export const DEFAULT_SIGNALR_LIMITS: SignalrLimits = Object.freeze({
  maxMessageBytes: 131_072,
  messagesPerSecond: 200,
  messageBurst: 400,
  maxConnections: 1000,
  maxBufferedBytes: 262_144,
  maxPendingInvocations: 64,
  maxPendingBytes: 1_048_576,
  handshakeTimeoutMs: 15_000,
  keepAliveIntervalMs: 15_000,
  clientTimeoutMs: 30_000,
  closeGraceMs: 1_000,
});
