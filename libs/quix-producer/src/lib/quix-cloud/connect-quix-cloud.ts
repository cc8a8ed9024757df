import type { Timers } from '../delivery/backoff.js';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { brokerSettingsFromLibrdkafka, type BrokerSettings } from './broker-settings.js';
import { PortalApi } from './portal-api.js';
import { resolveTopicId } from './topics.js';
import { fetchWorkspaceCertificate } from './workspace-certificate.js';

export interface ExtraTopic {
  name: string;
  create: boolean;
  cleanupPolicy?: 'compact';
}

export interface QuixCloudSettings {
  sdkToken: string;
  portalApi: string;
  workspaceId: string;
  topic: string;
  createTopic: boolean;
  /** More topics to resolve (e.g. a dead-letter or state topic), each created when missing if `create`. */
  extraTopics?: readonly ExtraTopic[];
  logger: Logger;
  timers?: Timers;
  /** Per Portal API request; quixstreams uses 30 s. */
  requestTimeoutMs?: number;
  topicReadyTimeoutMs?: number;
}

export interface QuixCloudConnection extends BrokerSettings {
  /** Quix topic name -> Kafka topic id, for `topic` and every extra topic. */
  topicIds: Record<string, string>;
}

/**
 * What a Quix Cloud deployment needs to publish: the workspace's broker settings (SASL and TLS,
 * with its CA) and the Kafka ids of the output topic and any extra topics, created when missing;
 * all from the Portal API.
 */
export async function connectQuixCloud(settings: QuixCloudSettings): Promise<QuixCloudConnection> {
  const api = new PortalApi({
    baseUrl: settings.portalApi,
    token: settings.sdkToken,
    timeoutMs: settings.requestTimeoutMs ?? 30_000,
    attempts: 5,
    timers: settings.timers,
  });
  const ws = encodeURIComponent(settings.workspaceId);
  const librdkafka = await api.get(`/workspaces/${ws}/broker/librdkafka`).catch((error: unknown) => {
    if (error instanceof ProducerError && error.code === 'PORTAL_NOT_FOUND') {
      throw new ProducerError('PORTAL_NOT_FOUND', `Workspace "${settings.workspaceId}" was not found by the Quix Portal API: check Quix__Workspace__Id.`, false);
    }
    throw error;
  });
  const raw = librdkafka.json<Record<string, unknown>>();
  const needsCa = typeof raw['ssl.ca.cert'] !== 'string' && /ssl/i.test(String(raw['security.protocol'] ?? ''));
  const ca = needsCa ? await fetchWorkspaceCertificate(api, settings.workspaceId) : undefined;
  const broker = brokerSettingsFromLibrdkafka(raw, ca);
  const topicIds: Record<string, string> = {};
  for (const { name, create, cleanupPolicy } of [{ name: settings.topic, create: settings.createTopic }, ...(settings.extraTopics ?? [])]) {
    topicIds[name] = await resolveTopicId(api, settings.workspaceId, name, {
      create,
      ...(cleanupPolicy ? { cleanupPolicy } : {}),
      readyTimeoutMs: settings.topicReadyTimeoutMs ?? 60_000,
      pollMs: 1000,
      logger: settings.logger,
      timers: settings.timers,
    });
  }
  return { ...broker, topicIds };
}
