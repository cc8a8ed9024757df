import type { HubCredentials, HubEndpoint } from '../signalr/hub-types.js';
import { HubError } from '../signalr/protocol-error.js';
import { bearerToken, type Logger } from '@quix-connectors/service';
import type { AccessControl, Principal } from './access.js';
import { ReaderSession } from './reader-session.js';
import type { TopicFeeds } from './topic-feeds.js';
import { asWriterError } from './writer-errors.js';
import type { GatewayWriter } from './writer.js';

export interface GatewayHubOptions {
  path: string;
  access: AccessControl;
  writer: GatewayWriter;
  feeds: TopicFeeds | undefined;
  maxSubscriptions: number;
  retryAfterS: number;
  logger: Logger;
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value.length === 0) throw new HubError(`${name} must be a non-empty string.`);
  return value;
};

/**
 * The SignalR hub: the Writer API's methods (CreateStream, UpdateStream, SendParameterData,
 * SendEventData, CloseStream) and the Reader API's (Subscribe... / UnsubscribeFrom...), method
 * names matched without case as ASP.NET SignalR does. A write completes once Kafka acknowledged it.
 */
export function gatewayHub(options: GatewayHubOptions): HubEndpoint<Principal> {
  const { writer, logger } = options;
  return {
    path: options.path,
    authenticate: (credentials: HubCredentials) => options.access.principalOf(credentials.accessToken ?? bearerToken(credentials.headers.authorization)),
    open(client) {
      const reader = new ReaderSession(client, options.feeds, options.maxSubscriptions);
      const write = async (target: string, args: unknown[]): Promise<unknown> => {
        const p = client.principal;
        switch (target.toLowerCase()) {
          case 'createstream':
            return writer.createStream(p, text(args[0], 'topic'), args[1]);
          case 'updatestream':
            // UpdateStream(topic, streamId, details), or (topic, details) with details.streamId.
            if (typeof args[1] === 'string') return writer.updateStream(p, text(args[0], 'topic'), args[1], args[2]);
            return writer.updateStream(p, text(args[0], 'topic'), text((args[1] as { streamId?: unknown } | undefined)?.streamId, 'details.streamId'), args[1]);
          case 'sendparameterdata':
            return writer.sendParameterData(p, text(args[0], 'topic'), text(args[1], 'streamId'), args[2]);
          case 'sendeventdata':
            return writer.sendEventData(p, text(args[0], 'topic'), text(args[1], 'streamId'), args[2]);
          case 'closestream':
            return writer.closeStream(p, text(args[0], 'topic'), text(args[1], 'streamId'));
          default:
            throw new HubError(`Unknown method '${target}'.`);
        }
      };
      return {
        async invoke(target, args) {
          const reading = reader.invoke(target, args);
          if (reading) return reading;
          try {
            return await write(target, args);
          } catch (error) {
            if (error instanceof HubError) throw error;
            const answer = asWriterError(error, options.retryAfterS);
            if (answer) throw new HubError(answer.message, `HTTP_${answer.status}`);
            logger.error({ err: error, target }, 'a hub method failed unexpectedly');
            throw error;
          }
        },
        closed() {
          reader.closeAll().catch((err: unknown) => logger.warn({ err }, 'ending reader subscriptions failed'));
        },
      };
    },
  };
}
