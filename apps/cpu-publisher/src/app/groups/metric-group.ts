import type { StatsFs } from 'node:fs';
import type { Clock } from '@quix-connectors/timing';

/** The groups of parameters cpu-publisher can sample, in the order their parameters appear. */
export const METRIC_GROUPS = ['cpu', 'memory', 'load', 'filesystem', 'network', 'diskio'] as const;
export type MetricGroupName = (typeof METRIC_GROUPS)[number];

/** Groups read from /proc and /sys only, so collected on Linux alone. */
export const LINUX_ONLY_GROUPS: ReadonlySet<MetricGroupName> = new Set(['filesystem', 'network', 'diskio']);

/** Reads one group's parameters; counters come out as rates since the group's previous read. */
export type ReadGroup = () => Promise<Record<string, number>>;

/** What the groups read the machine through: the real files and clock, or fixtures in tests. */
export interface SystemAccess {
  /** Reads a /proc file (kernel text that never waits on a disk). */
  readText(path: string): Promise<string>;
  statfs(path: string): Promise<StatsFs>;
  /** For the time between two readings of a counter, and the bound on a statfs call. */
  clock: Clock;
  /** A problem that leaves something out of a sample without failing the whole group. */
  warn(cause: string, err: unknown, message: string): void;
}

/** Two decimals are all a percentage or a rate needs, and keep messages small. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
