import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { ClientStream } from './client-stream.js';
import { checkHandshake, HANDSHAKE_OK, handshakeErrorFrame } from './handshake.js';
import { type ClientMessage, closeFrame, completionFrame, invocationFrame, parseClientMessage, PING_FRAME } from './hub-messages.js';
import type { HubClient, HubEndpoint, HubSession } from './hub-types.js';
import { MessageReader } from './message-reader.js';
import { HubError, ProtocolError } from './protocol-error.js';
import { RateLimiter } from './rate-limiter.js';
import type { SignalrLimits } from './signalr-limits.js';

export interface ConnectionContext<P> {
  connectionId: string;
  principal: P;
  endpoint: HubEndpoint<P>;
  limits: SignalrLimits;
  now: () => number;
  logger: Logger;
  /** Called once, when the socket has closed. */
  onEnd: () => void;
}

/**
 * One client's connection over a WebSocket: handshake, invocations (with and without completion,
 * with client streams), pings both ways, limits, and a Close message saying why it ended.
 */
export class HubConnection<P> implements HubClient<P> {
  readonly connectionId: string;
  readonly principal: P;
  private state: 'handshake' | 'open' | 'closing' = 'handshake';
  private session: HubSession | undefined;
  private readonly reader: MessageReader;
  private readonly limiter: RateLimiter;
  private readonly openedAt: number;
  private lastReceivedAt: number;
  private lastSentAt: number;
  private refusedInARow = 0;
  private paused = false;
  private pendingCount = 0;
  private pendingBytes = 0;
  private readonly invocations = new Map<string, AbortController>();
  private readonly anonymous = new Set<AbortController>();
  private readonly streams = new Map<string, ClientStream>();
  private terminateTimer: NodeJS.Timeout | undefined;
  private markClosed: () => void = () => undefined;
  /** Resolves once the socket has closed and everything the connection held is released. */
  readonly closed = new Promise<void>((resolve) => (this.markClosed = resolve));

  constructor(private readonly socket: WebSocket, private readonly context: ConnectionContext<P>) {
    this.connectionId = context.connectionId;
    this.principal = context.principal;
    this.reader = new MessageReader(context.limits.maxMessageBytes);
    this.limiter = new RateLimiter(context.limits.messagesPerSecond, context.limits.messageBurst, { now: context.now });
    this.openedAt = this.lastReceivedAt = this.lastSentAt = context.now();
    socket.on('message', (data, isBinary) => this.receive(data as Buffer, isBinary));
    socket.on('error', (err) => context.logger.debug({ err, connectionId: this.connectionId }, 'websocket error'));
    socket.once('close', () => this.ended());
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  send(target: string, args: readonly unknown[]): boolean {
    return this.state === 'open' && this.write(invocationFrame(target, args));
  }

  close(error?: string, allowReconnect?: boolean): void {
    if (this.state === 'closing') return;
    const wasOpen = this.state === 'open';
    this.state = 'closing';
    if (wasOpen) this.writeRaw(closeFrame(error, allowReconnect));
    this.shut(1000, '');
  }

  /** Called by the server's ticker: handshake timeout, client timeout, keep-alive ping. */
  tick(now: number): void {
    const { limits } = this.context;
    if (this.state === 'handshake' && now - this.openedAt >= limits.handshakeTimeoutMs) {
      this.fail(new ProtocolError('HANDSHAKE_TIMEOUT', `No handshake within ${limits.handshakeTimeoutMs} ms of connecting.`));
    } else if (this.state === 'open') {
      if (!this.paused && now - this.lastReceivedAt >= limits.clientTimeoutMs) {
        this.fail(new ProtocolError('CLIENT_TIMEOUT', `Nothing was received from the client for ${limits.clientTimeoutMs} ms (the client timeout); the client must ping.`));
      } else if (now - this.lastSentAt >= limits.keepAliveIntervalMs) {
        this.write(PING_FRAME);
      }
    }
  }

  private isClosing(): boolean {
    return this.state === 'closing';
  }

  private receive(data: Buffer, isBinary: boolean): void {
    if (this.state === 'closing') return;
    this.lastReceivedAt = this.context.now();
    let text: string;
    try {
      text = isBinary ? new TextDecoder('utf-8', { fatal: true }).decode(data) : data.toString('utf8');
      for (const message of this.reader.push(text)) {
        // handle() may have closed the connection (a bad message): stop reading the rest.
        if (this.isClosing()) return;
        this.handle(message);
      }
    } catch (error) {
      if (error instanceof ProtocolError) this.fail(error);
      else if (error instanceof TypeError) this.fail(new ProtocolError('MALFORMED_MESSAGE', 'Malformed message: a binary frame is not valid UTF-8 text.'));
      else throw error;
    }
  }

  private handle(text: string): void {
    if (this.state === 'handshake') return this.handshake(text);
    const message = parseClientMessage(text);
    if (message.type === 6) return; // a ping: receiving it already counted as a sign of life; never rate limited
    if (!this.limiter.take()) return this.refuse(message);
    this.refusedInARow = 0;
    switch (message.type) {
      case 1:
        return this.invoke(message, text.length);
      case 4:
        this.write(completionFrame(message.invocationId as string, { error: `'${message.target}' is not a streaming method; call it with invoke() or send().` }));
        return;
      case 2:
        return this.streamItem(message.invocationId, message.item, text.length);
      case 3:
        this.streams.get(message.invocationId)?.end(message.error);
        this.streams.delete(message.invocationId);
        return;
      case 5:
        this.invocations.get(message.invocationId)?.abort();
        return;
      case 7:
        return this.close();
    }
  }

  private handshake(text: string): void {
    const problem = checkHandshake(text);
    if (problem !== null) {
      this.writeRaw(handshakeErrorFrame(problem));
      throw new ProtocolError('HANDSHAKE_FAILED', problem);
    }
    this.write(HANDSHAKE_OK);
    this.state = 'open';
    this.session = this.context.endpoint.open(this);
  }

  /** Over the rate limit: refused with an error, and a client that keeps pushing is closed. */
  private refuse(message: ClientMessage): void {
    const { messagesPerSecond, messageBurst } = this.context.limits;
    const reason = `Rate limit exceeded: at most ${messagesPerSecond} messages a second (bursts of ${messageBurst}); slow down.`;
    if (++this.refusedInARow > messageBurst) throw new ProtocolError('RATE_LIMITED', reason);
    if ((message.type === 1 || message.type === 4) && message.invocationId !== undefined) {
      this.write(completionFrame(message.invocationId, { error: reason }));
    }
  }

  private invoke(message: Extract<ClientMessage, { type: 1 | 4 }>, bytes: number): void {
    const { invocationId, target } = message;
    if (invocationId !== undefined && this.invocations.has(invocationId)) {
      throw new ProtocolError('MALFORMED_MESSAGE', `Malformed message: invocationId ${JSON.stringify(invocationId)} is already in use.`);
    }
    const streams = message.streamIds.map((id) => {
      if (this.streams.has(id)) throw new ProtocolError('MALFORMED_MESSAGE', `Malformed message: stream id ${JSON.stringify(id)} is already in use.`);
      const stream = new ClientStream((taken) => this.release(taken));
      this.streams.set(id, stream);
      return stream;
    });
    const controller = new AbortController();
    if (invocationId !== undefined) this.invocations.set(invocationId, controller);
    else this.anonymous.add(controller);
    this.hold(bytes);
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve((this.session as HubSession).invoke(target, [...message.arguments, ...streams], controller.signal));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome
      .then(
        (result) => invocationId !== undefined && this.write(completionFrame(invocationId, { result })),
        (error: unknown) => {
          const shown = this.describe(target, error);
          if (invocationId !== undefined) this.write(completionFrame(invocationId, { error: shown }));
        },
      )
      .finally(() => {
        for (const id of message.streamIds) {
          this.streams.get(id)?.discard();
          this.streams.delete(id);
        }
        if (invocationId !== undefined) this.invocations.delete(invocationId);
        else this.anonymous.delete(controller);
        this.release(bytes, true);
      });
  }

  private describe(target: string, error: unknown): string {
    if (error instanceof HubError) return error.message;
    this.context.logger.error({ err: error, target, connectionId: this.connectionId }, 'hub method failed');
    return `An unexpected error occurred invoking '${target}' on the server.`;
  }

  private streamItem(id: string, item: unknown, bytes: number): void {
    const stream = this.streams.get(id);
    if (stream === undefined) return; // the invocation already ended: the spec lets us ignore it
    this.pendingBytes += bytes;
    this.pauseIfFull();
    stream.push(item, bytes);
  }

  private hold(bytes: number): void {
    this.pendingCount += 1;
    this.pendingBytes += bytes;
    this.pauseIfFull();
  }

  private release(bytes: number, invocation = false): void {
    if (invocation) this.pendingCount -= 1;
    this.pendingBytes -= bytes;
    const { maxPendingInvocations, maxPendingBytes } = this.context.limits;
    if (this.paused && this.pendingCount < maxPendingInvocations && this.pendingBytes < maxPendingBytes && this.state !== 'closing') {
      this.paused = false;
      this.lastReceivedAt = this.context.now(); // time spent paused is ours, not the client's silence
      this.socket.resume();
    }
  }

  /** Back-pressure: stop reading the socket (TCP then slows the client) while too much is pending. */
  private pauseIfFull(): void {
    const { maxPendingInvocations, maxPendingBytes } = this.context.limits;
    if (!this.paused && (this.pendingCount >= maxPendingInvocations || this.pendingBytes >= maxPendingBytes)) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /** Sends unless the client reads too slowly, in which case it is disconnected instead. */
  private write(text: string): boolean {
    if (this.socket.bufferedAmount > this.context.limits.maxBufferedBytes) {
      this.fail(new ProtocolError('SLOW_READER', `The client reads too slowly: more than ${this.context.limits.maxBufferedBytes} bytes were waiting to be sent to it.`));
      return false;
    }
    return this.writeRaw(text);
  }

  private writeRaw(text: string): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    this.socket.send(text);
    this.lastSentAt = this.context.now();
    return true;
  }

  private fail(error: ProtocolError): void {
    if (this.state === 'closing') return;
    this.context.logger.info({ connectionId: this.connectionId, code: error.code, reason: error.message }, 'closing a connection');
    const wasOpen = this.state === 'open';
    this.state = 'closing';
    if (wasOpen && error.code !== 'SLOW_READER') this.writeRaw(closeFrame(error.message));
    this.shut(error.code === 'MESSAGE_TOO_LARGE' ? 1009 : 1008, error.message);
  }

  /** Starts the WebSocket close, and cuts the socket if the close does not finish in time. */
  private shut(code: number, reason: string): void {
    // A close reason is at most 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString('utf8').replace(/\uFFFD$/, ''));
    this.terminateTimer = setTimeout(() => this.socket.terminate(), this.context.limits.closeGraceMs);
    this.terminateTimer.unref();
  }

  private ended(): void {
    this.state = 'closing';
    clearTimeout(this.terminateTimer);
    for (const controller of [...this.invocations.values(), ...this.anonymous]) controller.abort();
    for (const stream of this.streams.values()) stream.discard();
    this.streams.clear();
    try {
      this.session?.closed();
    } finally {
      this.context.onEnd();
      this.markClosed();
    }
  }
}
