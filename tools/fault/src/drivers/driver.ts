import type { MessageFormat } from '@quix-connectors/message-schema';
import type { AppProcess } from '../app-process.js';
import type { DecodedTopic } from '../decode-records.js';
import type { Tally } from '../id-tally.js';

export const APP_NAMES = ['cpu-publisher', 'webhook-receiver', 'twitter-source', 'rest-poller', 'csv-importer'] as const;
export type AppName = (typeof APP_NAMES)[number];

/** What a driver knows of the case it loads: where to write, and how long the load must last. */
export interface CaseContext {
  brokers: string[];
  topic: string;
  format: MessageFormat;
  /** A folder for this case's files (the CSV, logs). */
  dir: string;
  /** Where the app's stdout and stderr go. */
  logFile: string;
  /** How long the load should last, from start() to finish(), at least. */
  loadMs: number;
}

/** The figures of one case as the driver counted them, with what they mean for this app. */
export interface DriverTally extends Tally {
  /** Lines for the report, e.g. how many 503s and their Retry-After. */
  notes: string[];
  /** Records in the topic that were answered 503 (webhooks): each a duplicate once the sender retries. */
  refusedButPublished?: number;
}

/** Steady load on one app, and the count of what the app accepted from it. */
export interface Load {
  /** The app's environment, besides KAFKA_BROKERS, output, PORT, format and shutdown timeout. */
  env: Record<string, string>;
  /** Begins the load; called once the app is ready. */
  start(app: AppProcess): Promise<void>;
  /**
   * Stops new input. `drain`: waits until what is in flight was answered and the app has caught
   * up (before a SIGTERM after recovery); `now`: at once (a SIGTERM while the broker is down).
   */
  finish(mode: 'drain' | 'now'): Promise<void>;
  /** Counts the topic (read back after the app ended) against what the app accepted. */
  tally(topic: DecodedTopic, messages: number): Promise<DriverTally>;
  close(): Promise<void>;
}

export interface Driver {
  app: AppName;
  /** The app is a job that ends by itself (no HTTP endpoints, no SIGTERM after recovery). */
  job: boolean;
  /** Prepares the load (stand-ins, files) of one case. */
  load(context: CaseContext): Promise<Load>;
}
