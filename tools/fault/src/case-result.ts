import type { ProbeResult } from './down-probe.js';
import type { AppName, DriverTally } from './drivers/driver.js';

export type CaseKind = 'outage' | 'term-while-down';

/** How the app ended: on the suite's SIGTERM, by itself (a job, or a crash), or killed when it would not stop. */
export interface ExitResult {
  by: 'sigterm' | 'itself' | 'killed';
  code: number;
  /** SIGTERM to exit, ms (undefined when it ended by itself). */
  durationMs: number | undefined;
  /** From the broker's kill to the exit, ms (negative: before the kill). */
  sinceKillMs: number;
}

/** Everything one case measured; the report and the JSON results are made from it. */
export interface CaseResult {
  app: AppName;
  kind: CaseKind;
  /** The broker was down this long before it was started again (plus its start time). */
  outageMs: number;
  /** For term-while-down: SIGTERM this long after the kill. */
  termAfterMs?: number;
  topic: string;
  job: boolean;
  tally?: DriverTally;
  probe?: ProbeResult;
  exit?: ExitResult;
  /** restart() until the broker answered again, ms. */
  brokerRestartMs?: number;
  log?: { errorLines: number; bytes: number };
  /** quix format: the control messages seen (StreamProperties, StreamEnd). */
  controls?: string[];
  undecodable?: number;
  /** The machine's 1-minute load average when the case began (2 shared cores). */
  loadAverage1m?: number;
  /** The case could not be run to the end: why. */
  error?: string;
}
