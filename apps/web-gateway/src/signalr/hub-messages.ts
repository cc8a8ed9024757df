import { parseJsonExact } from '@quix-connectors/message-schema';
import { ProtocolError } from './protocol-error.js';
import { RECORD_SEPARATOR } from './message-reader.js';

/** Message types of the SignalR hub protocol (JSON encoding). */
export const MESSAGE_TYPE = {
  invocation: 1,
  streamItem: 2,
  completion: 3,
  streamInvocation: 4,
  cancelInvocation: 5,
  ping: 6,
  close: 7,
} as const;

export type ClientMessage =
  | { type: 1 | 4; invocationId?: string; target: string; arguments: unknown[]; streamIds: string[] }
  | { type: 2; invocationId: string; item: unknown }
  | { type: 3; invocationId: string; error?: string; hasResult: boolean; result?: unknown }
  | { type: 5; invocationId: string }
  | { type: 6 }
  | { type: 7; error?: string };

/** Invocation and stream ids are echoed back and kept as map keys: bound their length. */
const MAX_ID_LENGTH = 128;

function malformed(problem: string): ProtocolError {
  return new ProtocolError('MALFORMED_MESSAGE', `Malformed message: ${problem}.`);
}

function id(message: Record<string, unknown>, required: boolean): string | undefined {
  const value = message['invocationId'];
  if (value === undefined || value === null) {
    if (required) throw malformed('invocationId is required for this message type');
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    throw malformed(`invocationId must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  }
  return value;
}

function streamIds(message: Record<string, unknown>): string[] {
  const value = message['streamIds'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_ID_LENGTH)) {
    throw malformed('streamIds must be an array of non-empty strings');
  }
  return value as string[];
}

/**
 * One message's JSON text to a checked message. Integers beyond 2^53 stay exact (bigint), so
 * nanosecond timestamps in arguments survive. Unknown properties (headers) are ignored.
 */
export function parseClientMessage(text: string): ClientMessage {
  let parsed: unknown;
  try {
    parsed = parseJsonExact(text);
  } catch {
    throw malformed('not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('not a JSON object');
  const message = parsed as Record<string, unknown>;
  switch (message['type']) {
    case 1:
    case 4: {
      const target = message['target'];
      if (typeof target !== 'string' || target.length === 0) throw malformed('target must be a non-empty string');
      const args = message['arguments'] ?? [];
      if (!Array.isArray(args)) throw malformed('arguments must be an array');
      const type = message['type'];
      return { type, invocationId: id(message, type === 4), target, arguments: args, streamIds: streamIds(message) };
    }
    case 2:
      return { type: 2, invocationId: id(message, true) as string, item: message['item'] };
    case 3: {
      const error = message['error'];
      if (error !== undefined && error !== null && typeof error !== 'string') throw malformed('error must be a string');
      const hasResult = Object.hasOwn(message, 'result');
      if (typeof error === 'string' && hasResult) throw malformed('a completion cannot carry both result and error');
      return { type: 3, invocationId: id(message, true) as string, error: error ?? undefined, hasResult, result: message['result'] };
    }
    case 5:
      return { type: 5, invocationId: id(message, true) as string };
    case 6:
      return { type: 6 };
    case 7: {
      const error = message['error'];
      return { type: 7, error: typeof error === 'string' ? error : undefined };
    }
    case 8:
    case 9:
      throw new ProtocolError('UNSUPPORTED_MESSAGE', 'Stateful reconnect (Ack and Sequence messages) is not supported by this server.');
    default:
      throw malformed(`unknown message type ${JSON.stringify(message['type'] ?? null)}`);
  }
}

/** JSON.rawJSON (V8 11.4+, Node 21+): a value JSON.stringify writes as the given text. */
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/**
 * JSON with bigints written as exact integer literals (nanosecond timestamps). A replacer makes
 * JSON.stringify several times slower, so it runs only for values that hold a bigint (on which
 * plain JSON.stringify throws a TypeError).
 */
export function stringifyExact(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? rawJson(v.toString()) : v));
  }
}

/** A message ready for the wire: its JSON text and the record separator. */
export function frame(message: Record<string, unknown>): string {
  return stringifyExact(message) + RECORD_SEPARATOR;
}

export const PING_FRAME = frame({ type: MESSAGE_TYPE.ping });

export function completionFrame(invocationId: string, outcome: { error: string } | { result: unknown }): string {
  if ('error' in outcome) return frame({ type: MESSAGE_TYPE.completion, invocationId, error: outcome.error });
  // A void method's completion has no result property at all.
  if (outcome.result === undefined) return frame({ type: MESSAGE_TYPE.completion, invocationId });
  return frame({ type: MESSAGE_TYPE.completion, invocationId, result: outcome.result });
}

export function invocationFrame(target: string, args: readonly unknown[]): string {
  return frame({ type: MESSAGE_TYPE.invocation, target, arguments: args });
}

export function closeFrame(error?: string, allowReconnect?: boolean): string {
  const message: Record<string, unknown> = { type: MESSAGE_TYPE.close };
  if (error !== undefined) message['error'] = error;
  if (allowReconnect) message['allowReconnect'] = true;
  return frame(message);
}
