import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { zipSync } from 'fflate';
import { Kafka, logLevel } from 'kafkajs';

export interface PortalStandInOptions {
  token: string;
  /** The workspace the token's broker settings and topics belong to. */
  workspaceId: string;
  /** The workspace ids GET /workspaces lists for the token (default: just `workspaceId`). */
  workspaces?: readonly string[];
  /** What GET /workspaces/{ws}/broker/librdkafka answers (librdkafka keys). */
  librdkafka: Record<string, unknown>;
  /**
   * The workspace's own CA, as a workspace with a private CA has it: in the broker settings'
   * `ssl.ca.cert` (base64, unless `librdkafka` already has one) and as ca.cert in
   * GET /workspaces/{ws}/certificates. None: the broker settings carry no CA, the zip call is 204.
   */
  certificatePem?: string;
  /** False: GET /workspaces/{ws}/certificates is 404, as for a Portal that does not have it. */
  certificatesEndpoint?: boolean;
  /** Where created topics are really created (PLAINTEXT listener of the test broker). */
  adminBrokers: string[];
  /** Polls a created topic answers `Creating` before `Ready`. */
  creatingPolls?: number;
}

interface StandInTopic {
  id: string;
  name: string;
  workspaceId: string;
  status: string;
  pollsLeft: number;
  configuration: Record<string, unknown>;
}

export interface PortalStandIn {
  url: string;
  /** Every request received: method and path (no headers: they hold the token). */
  requests: { method: string; path: string; authorized: boolean }[];
  /** The next `times` requests to paths matching `path` answer `status`. */
  failNext(path: RegExp, status: number, times: number): void;
  /** The next `times` requests to paths matching `path` get no answer at all (a hung server). */
  hangNext(path: RegExp, times: number): void;
  close(): Promise<void>;
}

/**
 * A local stand-in of the Quix Portal API with the request and response shapes quixstreams uses:
 * bearer token (401 otherwise), `X-Version`, the workspaces the token sees, broker settings, the
 * certificates zip (or 404), topics (404 when missing, created on the real test broker,
 * `Creating` for a few polls, a "similar name" 400 when created twice), and injectable failures
 * (500 then success, or no answer at all).
 */
export async function startPortalStandIn(options: PortalStandInOptions): Promise<PortalStandIn> {
  const app: FastifyInstance = Fastify();
  const topics = new Map<string, StandInTopic>();
  const failures: { path: RegExp; status: number; times: number }[] = [];
  const hangs: { path: RegExp; times: number }[] = [];
  const requests: PortalStandIn['requests'] = [];
  const ws = options.workspaceId;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const authorized = request.headers.authorization === `Bearer ${options.token}`;
    requests.push({ method: request.method, path: request.url, authorized });
    const hang = hangs.find((h) => h.times > 0 && h.path.test(request.url));
    if (hang) {
      hang.times -= 1;
      return new Promise<never>(() => undefined); // close() drops the connection
    }
    const failure = failures.find((f) => f.times > 0 && f.path.test(request.url));
    if (failure) {
      failure.times -= 1;
      return reply.code(failure.status).send({ message: `injected ${failure.status}` });
    }
    if (!authorized) return reply.code(401).send({ message: 'Unauthorized' });
    if (request.headers['x-version'] !== '2.0') return reply.code(400).send({ message: 'X-Version 2.0 expected' });
  });

  const knownWorkspace = (id: string, reply: FastifyReply) => {
    if (id === ws) return true;
    void reply.code(404).send({ message: `Workspace ${id} not found` });
    return false;
  };

  const librdkafka =
    options.certificatePem && options.librdkafka['ssl.ca.cert'] === undefined
      ? { ...options.librdkafka, 'ssl.ca.cert': Buffer.from(options.certificatePem).toString('base64') }
      : options.librdkafka;

  app.get('/workspaces', async () =>
    (options.workspaces ?? [ws]).map((id) => ({ workspaceId: id, name: id, status: 'Ready', brokerType: 'SharedKafka' })),
  );
  app.get<{ Params: { ws: string } }>('/workspaces/:ws/broker/librdkafka', async (req, reply) => {
    return knownWorkspace(req.params.ws, reply) ? librdkafka : reply;
  });
  app.get<{ Params: { ws: string } }>('/workspaces/:ws/certificates', async (req, reply) => {
    if (options.certificatesEndpoint === false) return reply.code(404).send({ message: 'Not found' });
    if (!knownWorkspace(req.params.ws, reply)) return;
    if (!options.certificatePem) return reply.code(204).send();
    const zip = zipSync({ 'ca.cert': new TextEncoder().encode(options.certificatePem) });
    return reply.type('application/zip').send(Buffer.from(zip));
  });
  app.get<{ Params: { ws: string; name: string } }>('/:ws/topics/:name', async (req, reply) => {
    if (!knownWorkspace(req.params.ws, reply)) return;
    const topic = topics.get(req.params.name);
    if (!topic) return reply.code(404).send({ message: `Topic ${req.params.name} not found` });
    if (topic.status === 'Creating' && topic.pollsLeft-- <= 0) topic.status = 'Ready';
    return shown(topic);
  });
  app.post<{ Params: { ws: string }; Body: { name: string; configuration?: Record<string, unknown> } }>('/:ws/topics', async (req, reply) => {
    if (!knownWorkspace(req.params.ws, reply)) return;
    const { name, configuration = {} } = req.body;
    if (topics.has(name)) return reply.code(400).send({ message: `Topic with name similar to ${name} already exists` });
    const id = `${ws}-${name}`;
    await createKafkaTopic(options.adminBrokers, id, configuration);
    const topic = { id, name, workspaceId: ws, status: 'Creating', pollsLeft: options.creatingPolls ?? 2, configuration };
    topics.set(name, topic);
    return reply.code(201).send(shown(topic));
  });

  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    requests,
    failNext: (path, status, times) => failures.push({ path, status, times }),
    hangNext: (path, times) => hangs.push({ path, times }),
    close: async () => {
      app.server.closeAllConnections();
      await app.close();
    },
  };
}

/** A topic as the Portal API shows it (without the stand-in's poll counter). */
function shown(topic: StandInTopic): Omit<StandInTopic, 'pollsLeft'> {
  return { id: topic.id, name: topic.name, workspaceId: topic.workspaceId, status: topic.status, configuration: topic.configuration };
}

/** Creates the topic on the real broker; `cleanupPolicy` as Quix takes it (`compact` or `Compact`). */
async function createKafkaTopic(brokers: string[], topic: string, configuration: Record<string, unknown>): Promise<void> {
  const compact = String(configuration['cleanupPolicy'] ?? '').toLowerCase() === 'compact';
  // A real Portal creates topics reliably: a slow broker (a loaded CI machine) is waited out here,
  // not turned into the 500 that only the failure tests ask for.
  const admin = new Kafka({ clientId: 'portal-stand-in', brokers, logLevel: logLevel.NOTHING, requestTimeout: 60_000, retry: { retries: 10 } }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1, ...(compact ? { configEntries: [{ name: 'cleanup.policy', value: 'compact' }] } : {}) }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}
