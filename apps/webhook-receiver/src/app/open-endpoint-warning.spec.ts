import { QuixProducer } from '@quix-connectors/quix-producer';
import { createLogger } from '@quix-connectors/service';
import Fastify from 'fastify';
import { ControllableSink } from '../testing/controllable-sink.js';
import { startWebhookReceiver, type WebhookSettings } from './webhook-receiver.js';

// A path that neither checks a signature nor credentials accepts anything from anyone: the
// receiver says so at start, loudly (warn), once per such path, and not for a protected one.

const base: WebhookSettings = {
  streamId: 'hooks', path: '/webhook', scheme: 'none', secrets: [], signatureHeader: 'x-signature', signatureEncoding: 'hex',
  toleranceS: 300, eventIdField: 'type', tagHeaders: [], dedupeWindowS: 3600, dedupeMaxIds: 1000, maxBodyBytes: 4096,
  rateLimitPerS: 0, publishTimeoutMs: 5000, retryAfterS: 5, maxMessageBytes: 1_000_000,
};

/** The warnings logged while starting with `settings`. */
async function startWarnings(settings: Partial<WebhookSettings>): Promise<string[]> {
  const lines: string[] = [];
  const logger = createLogger({ name: 'warning-test', level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(line) } });
  const producer = new QuixProducer({ sink: new ControllableSink(), topic: 't', format: 'json', maxMessageBytes: 1_000_000, maxPendingBytes: 1e6, buffer: { timeSpanMs: 10, maxRows: 10 } });
  await producer.connect();
  const http = Fastify();
  const app = await startWebhookReceiver({ http, producer, logger, settings: { ...base, ...settings } });
  await app.close();
  await producer.close();
  await http.close();
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((entry) => entry.level === 40).map((entry) => entry.msg);
}

describe('the warning about an open endpoint', () => {
  it('is logged at start when a path has no signature scheme and no AUTH_TYPE', async () => {
    expect(await startWarnings({})).toEqual([expect.stringMatching(/^\/webhook: no signature scheme and no AUTH_TYPE: every request to this path is accepted, from anyone/)]);
  });

  it('is not logged when the path checks a signature or credentials', async () => {
    expect(await startWarnings({ scheme: 'github', secrets: ['s'] })).toEqual([]);
    expect(await startWarnings({ authType: 'bearer', authTokens: ['t'] })).toEqual([]);
  });

  it('names each open path of WEBHOOK_ROUTES, and only those', async () => {
    const warnings = await startWarnings({ routes: [{ path: '/open' }, { path: '/signed', scheme: 'github', secrets: ['s'] }, { path: '/keyed', authType: 'api-key', authTokens: ['k'] }] });
    expect(warnings).toEqual([expect.stringMatching(/^\/open: /)]);
  });
});
