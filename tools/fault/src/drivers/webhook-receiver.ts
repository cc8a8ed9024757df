import { tallyIds } from '../id-tally.js';
import type { Driver, DriverTally, Load } from './driver.js';
import { WebhookLoad } from './webhook-load.js';
import type { WebhookOutcome } from './webhook-load.js';

export interface WebhookDriverOptions {
  ratePerS: number;
  connections: number;
}

/** Counts of outcomes, e.g. "200: 4000, 503: 120 (Retry-After 5: 120), timeout: 3". */
function outcomeSummary(outcomes: Iterable<WebhookOutcome>): string {
  const counts = new Map<string, number>();
  const retryAfter = new Map<string, number>();
  for (const o of outcomes) {
    const key = o.status === 'error' ? `error ${o.code ?? ''}`.trim() : String(o.status);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (o.status === 503) retryAfter.set(o.retryAfter ?? 'none', (retryAfter.get(o.retryAfter ?? 'none') ?? 0) + 1);
  }
  const parts = [...counts].sort().map(([key, n]) => `${key}: ${n}`);
  const retry = [...retryAfter].map(([value, n]) => `Retry-After ${value}: ${n}`).join(', ');
  return parts.join(', ') + (retry ? ` (${retry})` : '');
}

/**
 * webhook-receiver under a steady sender. Accepted = ids answered 2xx; lost = those not in the
 * topic; duplicated = extra copies in the topic. Ids answered 503 that are in the topic anyway
 * are counted apart: the sender retries each, so each becomes a duplicate (SIGNATURE_SCHEME=none
 * has no delivery id for the receiver to dedupe on).
 */
export function webhookReceiverDriver(options: WebhookDriverOptions): Driver {
  return {
    app: 'webhook-receiver',
    job: false,
    load: async (): Promise<Load> => {
      let load: WebhookLoad | undefined;
      let stopping: Promise<void> | undefined;
      return {
        env: { EVENT_ID_FIELD: 'id', STREAM_ID: 'fault-webhooks' },
        start: async (app) => {
          load = new WebhookLoad({ url: `${app.baseUrl}/webhook`, ratePerS: options.ratePerS, connections: options.connections, timeoutMs: 10_000 });
          load.start();
        },
        finish: async () => {
          await (stopping ??= load?.stop());
        },
        tally: async (topic): Promise<DriverTally> => {
          const outcomes = load?.outcomes ?? new Map<string, WebhookOutcome>();
          const accepted = [...outcomes].filter(([, o]) => typeof o.status === 'number' && o.status >= 200 && o.status < 300).map(([id]) => id);
          const ids = topic.events.map((e) => e.id);
          const inTopic = new Set(ids);
          const refused = [...outcomes].filter(([, o]) => o.status === 503).map(([id]) => id);
          const unanswered = [...outcomes].filter(([, o]) => typeof o.status !== 'number').map(([id]) => id);
          const refusedButPublished = refused.filter((id) => inTopic.has(id)).length;
          return {
            ...tallyIds(accepted, ids),
            refusedButPublished,
            notes: [
              `sent ${outcomes.size} at ${options.ratePerS}/s over ${options.connections} connections; answers ${outcomeSummary(outcomes.values())}`,
              `not sent (all ${options.connections} connections waiting): ${load?.notSent ?? 0}`,
              `answered 503 but in the topic: ${refusedButPublished} of ${refused.length}; no answer but in the topic: ${unanswered.filter((id) => inTopic.has(id)).length} of ${unanswered.length}`,
            ],
          };
        },
        close: async () => {
          await load?.close();
        },
      };
    },
  };
}
