import { cpuPublisherDriver } from './cpu-publisher.js';
import { csvImporterDriver } from './csv-importer.js';
import type { AppName, Driver } from './driver.js';
import { restPollerDriver } from './rest-poller.js';
import { twitterSourceDriver } from './twitter-source.js';
import { webhookReceiverDriver } from './webhook-receiver.js';

/**
 * Each app's steady load, as tools/fault/README.md describes it. Rates are modest on purpose:
 * the suite measures what an outage does, not throughput, on 2 cores shared with the broker.
 */
export const DRIVERS: Record<AppName, Driver> = {
  'cpu-publisher': cpuPublisherDriver({ intervalMs: 100 }),
  'webhook-receiver': webhookReceiverDriver({ ratePerS: 200, connections: 64 }),
  'twitter-source': twitterSourceDriver({ ratePerS: 200 }),
  'rest-poller': restPollerDriver({ ratePerS: 10, window: 600, pollIntervalMs: 1_000 }),
  'csv-importer': csvImporterDriver({ ratePerS: 100 }),
};
