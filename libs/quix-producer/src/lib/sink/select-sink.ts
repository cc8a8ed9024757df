import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { KafkaSink } from './kafka-sink.js';
import type { Sink } from './sink.js';
import { StdoutSink } from './stdout-sink.js';

export interface ConnectionSettings {
  brokers?: string[];
  sdkToken?: string;
  portalApi?: string;
  workspaceId?: string;
  createTopic: boolean;
  connectTimeoutMs: number;
}

export type ConnectionKind = 'kafka' | 'quix-cloud' | 'stdout';

/**
 * Which way to publish, as quixstreams decides it: a broker address means plain Kafka (even when
 * an SDK token is also set); else an SDK token means Quix Cloud; else stdout.
 */
export function connectionKind(settings: Pick<ConnectionSettings, 'brokers' | 'sdkToken'>): ConnectionKind {
  if (settings.brokers && settings.brokers.length > 0) return 'kafka';
  if (settings.sdkToken) return 'quix-cloud';
  return 'stdout';
}

export function selectSink(settings: ConnectionSettings, clientId: string, logger: Logger): Sink {
  switch (connectionKind(settings)) {
    case 'kafka':
      return new KafkaSink({
        brokers: settings.brokers ?? [],
        clientId,
        createTopic: settings.createTopic,
        connectTimeoutMs: settings.connectTimeoutMs,
        logger,
      });
    case 'quix-cloud':
      // The seam for the Quix Cloud issue: Portal API -> broker settings -> a KafkaSink with SASL/TLS.
      throw new ProducerError(
        'QUIX_CLOUD_UNSUPPORTED',
        'Quix__Sdk__Token is set, but connecting through the Quix Portal API is not built yet. ' +
          'Set Quix__Broker__Address (KAFKA_BROKERS) to your Kafka bootstrap servers instead.',
        false,
      );
    case 'stdout':
      return new StdoutSink();
  }
}
