import { realTimers, type Timers } from '../delivery/backoff.js';
import { ProducerError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PortalApi } from './portal-api.js';

interface QuixTopic {
  id: string;
  name: string;
  status: 'Creating' | 'Ready' | 'Deleting' | 'Error' | string;
  lastError?: string;
}

export interface ResolveTopicOptions {
  /** Create the topic when missing (with the workspace's defaults). */
  create: boolean;
  /** Kafka's cleanup.policy for a topic this creates (quixstreams sends it the same way). */
  cleanupPolicy?: 'compact';
  /** How long to wait for a created topic to become Ready (quixstreams waits 60 s). */
  readyTimeoutMs: number;
  pollMs: number;
  logger: Logger;
  timers?: Timers;
}

/**
 * The Kafka topic behind a Quix topic name: its id, `{workspaceId}-{name}`. A name given already
 * prefixed with the workspace id is taken as that id. A missing topic is created and waited for.
 */
export async function resolveTopicId(api: PortalApi, workspaceId: string, topic: string, options: ResolveTopicOptions): Promise<string> {
  const name = topic.startsWith(`${workspaceId}-`) ? topic.slice(workspaceId.length + 1) : topic;
  const path = `/${encodeURIComponent(workspaceId)}/topics`;
  const found = await api.get(`${path}/${encodeURIComponent(name)}`, [200, 404]);
  if (found.status === 200) {
    const existing = found.json<QuixTopic>();
    if (ready(existing, workspaceId) === 'Ready') return existing.id;
    return waitUntilReady(api, workspaceId, name, options);
  }
  if (!options.create) {
    throw new ProducerError('PORTAL_NOT_FOUND', `Topic "${name}" does not exist in workspace "${workspaceId}", and topic creation is off (KAFKA_CREATE_TOPIC).`, false);
  }

  // POST is never retried (it may have been done). As quixstreams does, a failed create is followed
  // by one more lookup: another deployment may have created the topic meanwhile (the Portal then
  // answers 400 "with name similar to"), or a create that timed out may have gone through.
  const configuration = options.cleanupPolicy ? { cleanupPolicy: options.cleanupPolicy } : {};
  try {
    await api.post(path, { name, configuration });
    options.logger.info({ topic: name, workspaceId }, 'creating the topic in Quix; waiting until it is Ready');
  } catch (createFailure) {
    const again = await api.get(`${path}/${encodeURIComponent(name)}`, [200, 404]);
    if (again.status === 404) throw createFailure;
    const existing = again.json<QuixTopic>();
    if (ready(existing, workspaceId) === 'Ready') return existing.id;
  }
  return waitUntilReady(api, workspaceId, name, options);
}

async function waitUntilReady(api: PortalApi, workspaceId: string, name: string, options: ResolveTopicOptions): Promise<string> {
  const timers = options.timers ?? realTimers;
  const deadline = timers.now() + options.readyTimeoutMs;
  for (;;) {
    const response = await api.get(`/${encodeURIComponent(workspaceId)}/topics/${encodeURIComponent(name)}`, [200, 404]);
    if (response.status === 200) {
      const topic = response.json<QuixTopic>();
      if (ready(topic, workspaceId) === 'Ready') return topic.id;
    }
    if (timers.now() >= deadline) {
      throw new ProducerError('TOPIC_NOT_READY', `Topic "${name}" in workspace "${workspaceId}" was not Ready within ${options.readyTimeoutMs} ms.`, true);
    }
    await timers.sleep(options.pollMs);
  }
}

/** The topic's status; an Error status throws with the topic's own error. */
function ready(topic: QuixTopic, workspaceId: string): QuixTopic['status'] {
  if (topic.status === 'Error') {
    throw new ProducerError('TOPIC_NOT_READY', `Topic "${topic.name}" in workspace "${workspaceId}" is in Error: ${topic.lastError ?? 'no detail'}.`, false);
  }
  return topic.status;
}
