import type { QuixProducer, TopicReader } from '@quix-connectors/quix-producer';
import { originAllowed, registerCors, type Logger, type RunningApp } from '@quix-connectors/service';
import type { Clock } from '@quix-connectors/timing';
import type { FastifyInstance } from 'fastify';
import { registerHubServer } from '../signalr/hub-server.js';
import { AccessControl } from './access.js';
import { gatewayHub } from './gateway-hub.js';
import type { GatewayConfig } from './gateway-variables.js';
import { registerHttpRoutes } from './http-routes.js';
import { registerPages, type GatewayPages } from './pages.js';
import { TopicFeeds } from './topic-feeds.js';
import { GatewayWriter } from './writer.js';

export interface WebGatewayOptions {
  config: Pick<
    GatewayConfig,
    'tokens' | 'allowAnonymous' | 'topic' | 'dataTopic' | 'basicAuthUsername' | 'basicAuthPassword' | 'apiKey' | 'corsOrigins' | 'streamIdleMs' | 'publishTimeoutMs' | 'maxStreams' | 'maxSubscriptions' | 'maxConnections' | 'maxBodyBytes' | 'retryAfterS'
  >;
  http: FastifyInstance;
  producer: Pick<QuixProducer, 'createStream' | 'release' | 'tryPublishRaw' | 'prepare' | 'isReady'>;
  reader: TopicReader | undefined;
  topicId(name: string): string;
  logger: Logger;
  clock: Clock;
  /** The pages to serve; undefined: none. */
  pages?: GatewayPages;
}

/**
 * The web gateway: the Writer API over HTTP and SignalR, the Reader API's SignalR methods, the
 * HTTP API Source's `/data/` route, and two pages (write mouse positions, draw them back). Add it
 * to `http` before it listens. `close()` ends every SignalR connection (clients may reconnect to
 * another replica); the producer then closes the streams.
 */
export async function startWebGateway(options: WebGatewayOptions): Promise<RunningApp> {
  const { config, http, logger } = options;
  const access = new AccessControl(config.tokens ?? [], config.allowAnonymous);
  if (config.allowAnonymous) logger.warn('ALLOW_ANONYMOUS=true: anyone who can reach this port may read and write every topic. Use TOKENS for anything but a local trial.');
  const writer = new GatewayWriter({ producer: options.producer, topicId: options.topicId, maxStreams: config.maxStreams, streamIdleMs: config.streamIdleMs, publishTimeoutMs: config.publishTimeoutMs, retryAfterS: config.retryAfterS, clock: options.clock, logger });
  const feeds = options.reader ? new TopicFeeds(options.reader, options.topicId, logger) : undefined;
  await registerCors(http, { origins: config.corsOrigins, allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-requested-with', 'x-signalr-user-agent'], credentials: true });
  const dataTopic = config.dataTopic ?? config.topic;
  const dataKafkaTopic = options.topicId(dataTopic);
  await options.producer.prepare(dataKafkaTopic);
  await registerHttpRoutes(http, {
    writer,
    access,
    data: {
      topicName: dataTopic,
      kafkaTopic: dataKafkaTopic,
      producer: options.producer,
      ...(config.basicAuthUsername !== undefined && config.basicAuthPassword !== undefined ? { basicAuth: { username: config.basicAuthUsername, password: config.basicAuthPassword } } : {}),
      ...(config.apiKey !== undefined ? { apiKey: config.apiKey } : {}),
    },
    maxBodyBytes: config.maxBodyBytes,
    isReady: () => options.producer.isReady(),
    retryAfterS: config.retryAfterS,
    logger,
  });
  const hubs = registerHubServer(http, {
    endpoints: [gatewayHub({ path: '/hub', access, writer, feeds, maxSubscriptions: config.maxSubscriptions, retryAfterS: config.retryAfterS, logger })],
    limits: { maxConnections: config.maxConnections },
    logger,
    // Pages served by the gateway itself (same host) and CORS_ORIGINS may open the hub.
    allowOrigin: (origin, host) => originAllowed(config.corsOrigins, origin) || sameHost(origin, host),
  });
  registerPages(http, options.pages);
  logger.info({ hub: '/hub', writer: '/topics/{topic}/streams', data: `/data/ -> ${dataTopic}` }, 'web gateway ready');

  return {
    async close() {
      writer.stop();
      await hubs.close();
    },
  };
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
