import type { Timers } from '../delivery/backoff.js';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { brokerSettingsFromLibrdkafka, type BrokerSettings, type BrokerSettingsNotes } from './broker-settings.js';
import { PortalApi, type PortalRetryPolicy } from './portal-api.js';
import { resolveTopicId } from './topics.js';
import { resolveWorkspaceId } from './workspace.js';

export interface ExtraTopic {
  name: string;
  create: boolean;
  cleanupPolicy?: 'compact';
}

export interface QuixCloudSettings {
  sdkToken: string;
  portalApi: string;
  /** Unset: the only workspace the token sees (GET /workspaces), as quixstreams does. */
  workspaceId?: string;
  topic: string;
  createTopic: boolean;
  /** More topics to resolve (e.g. a dead-letter or state topic), each created when missing if `create`. */
  extraTopics?: readonly ExtraTopic[];
  logger: Logger;
  timers?: Timers;
  /** Per Portal API request; quixstreams uses 30 s. */
  requestTimeoutMs?: number;
  /** Retries of Portal API GETs; quixstreams' schedule by default (about a minute in all). */
  retry?: PortalRetryPolicy;
  topicReadyTimeoutMs?: number;
}

export interface QuixCloudConnection extends BrokerSettings {
  /** The workspace connected to: Quix__Workspace__Id, or the one the token sees. */
  workspaceId: string;
  /** Quix topic name -> Kafka topic id, for `topic` and every extra topic. */
  topicIds: Record<string, string>;
}

/**
 * What a Quix Cloud deployment needs to publish, all from the Portal API, with the calls
 * quixstreams makes: the workspace, its broker settings (SASL and TLS; the CA when the workspace
 * has its own, else the system's CAs are trusted) and the Kafka ids of the output topic and any
 * extra topics, created when missing. The workspace certificates zip is never asked for:
 * quixstreams does not use it, and the broker settings carry the CA.
 */
export async function connectQuixCloud(settings: QuixCloudSettings): Promise<QuixCloudConnection> {
  const api = new PortalApi({
    baseUrl: settings.portalApi,
    token: settings.sdkToken,
    timeoutMs: settings.requestTimeoutMs ?? 30_000,
    ...(settings.retry ? { retry: settings.retry } : {}),
    logger: settings.logger,
    timers: settings.timers,
  });
  const workspaceId = await resolveWorkspaceId(api, settings.workspaceId, settings.logger);
  const librdkafka = await api.get(`/workspaces/${encodeURIComponent(workspaceId)}/broker/librdkafka`).catch((error: unknown) => {
    if (error instanceof ProducerError && error.code === 'PORTAL_NOT_FOUND') {
      throw new ProducerError('PORTAL_NOT_FOUND', `Workspace "${workspaceId}" was not found by the Quix Portal API: check Quix__Workspace__Id.`, false);
    }
    throw error;
  });
  const { broker, notes } = brokerSettingsFromLibrdkafka(librdkafka.json<Record<string, unknown>>());
  logNotes(settings.logger, workspaceId, notes);

  const topicIds: Record<string, string> = {};
  for (const { name, create, cleanupPolicy } of [{ name: settings.topic, create: settings.createTopic }, ...(settings.extraTopics ?? [])]) {
    topicIds[name] = await resolveTopicId(api, workspaceId, name, {
      create,
      ...(cleanupPolicy ? { cleanupPolicy } : {}),
      readyTimeoutMs: settings.topicReadyTimeoutMs ?? 60_000,
      pollMs: 1000,
      logger: settings.logger,
      timers: settings.timers,
    });
  }
  return { ...broker, workspaceId, topicIds };
}

function logNotes(logger: Logger, workspaceId: string, notes: BrokerSettingsNotes): void {
  if (notes.ignoredKeys.length > 0) {
    logger.warn({ workspaceId, keys: notes.ignoredKeys }, 'the Quix broker settings hold keys this connector does not know; ignored');
  }
  if (notes.certificateUnverified) {
    logger.warn({ workspaceId }, "the Quix broker settings turn certificate verification off (enable.ssl.certificate.verification=false): the broker's identity is not checked");
  } else if (notes.hostnameUnverified) {
    logger.info({ workspaceId }, "the Quix broker settings turn hostname verification off (ssl.endpoint.identification.algorithm=none): the broker's certificate need not name its address");
  }
}
