import { parseArgs } from 'node:util';
import type { MessageFormat } from '@quix-connectors/message-schema';
import { APP_NAMES } from './drivers/driver.js';
import type { AppName } from './drivers/driver.js';

export interface SuiteOptions {
  apps: AppName[];
  /** Outage lengths, ms. */
  outagesMs: number[];
  format: MessageFormat;
  /** Also run, per app, the case of a SIGTERM while the broker is down. */
  termWhileDown: boolean;
  warmupMs: number;
  recoveryMs: number;
  termAfterMs: number;
  shutdownTimeoutMs: number;
  /** Folder for the results (results.json, report.md) and each case's app log. */
  out: string | undefined;
  build: boolean;
}

export const USAGE = `npm run fault -- [--apps a,b] [--outages 20,90,300] [--format json|quix] [--short]
  [--no-term-while-down] [--warmup-s 15] [--recovery-s 20] [--term-after-s 10]
  [--shutdown-timeout-ms 5000] [--out DIR] [--no-build]
apps: ${APP_NAMES.join(', ')}
--short: the CI variant, cpu-publisher and webhook-receiver, one 20 s outage, 10 s warm-up and recovery`;

const SHORT = { apps: 'cpu-publisher,webhook-receiver', outages: '20', 'warmup-s': '10', 'recovery-s': '10', 'term-while-down': false };

/** Problems are collected and thrown together, as the apps' config does. */
export function parseSuiteOptions(argv: readonly string[]): SuiteOptions {
  const { values } = parseArgs({
    args: [...argv],
    allowNegative: true,
    options: {
      apps: { type: 'string' },
      outages: { type: 'string' },
      format: { type: 'string', default: 'json' },
      short: { type: 'boolean', default: false },
      'term-while-down': { type: 'boolean' },
      'warmup-s': { type: 'string' },
      'recovery-s': { type: 'string' },
      'term-after-s': { type: 'string', default: '10' },
      'shutdown-timeout-ms': { type: 'string', default: '5000' },
      out: { type: 'string' },
      build: { type: 'boolean', default: true },
    },
  });
  const v = { ...(values.short ? SHORT : {}), ...Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined)) } as Record<string, string | boolean | undefined>;
  const problems: string[] = [];
  const seconds = (name: string, fallback: string): number => {
    const text = String(v[name] ?? fallback);
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) problems.push(`--${name}: must be a number of seconds, 0 or more (got "${text}")`);
    return Math.round(n * 1000);
  };
  const apps = String(v['apps'] ?? APP_NAMES.join(',')).split(',').map((a) => a.trim()).filter(Boolean);
  for (const app of apps) if (!(APP_NAMES as readonly string[]).includes(app)) problems.push(`--apps: unknown app "${app}" (one of ${APP_NAMES.join(', ')})`);
  const outages = String(v['outages'] ?? '20,90,300').split(',').map((o) => o.trim()).filter(Boolean);
  const outagesMs = outages.map((o) => Number(o) * 1000);
  if (outagesMs.some((ms) => !Number.isFinite(ms) || ms <= 0)) problems.push(`--outages: must be seconds above 0, comma-separated (got "${outages.join(',')}")`);
  const format = String(v['format']);
  if (format !== 'json' && format !== 'quix') problems.push(`--format: must be json or quix (got "${format}")`);
  const shutdownTimeoutMs = Number(v['shutdown-timeout-ms']);
  if (!Number.isInteger(shutdownTimeoutMs) || shutdownTimeoutMs <= 0) problems.push(`--shutdown-timeout-ms: must be a whole number above 0 (got "${v['shutdown-timeout-ms']}")`);
  const options: SuiteOptions = {
    apps: apps as AppName[],
    outagesMs,
    format: format as MessageFormat,
    termWhileDown: v['term-while-down'] !== false,
    warmupMs: seconds('warmup-s', '15'),
    recoveryMs: seconds('recovery-s', '20'),
    termAfterMs: seconds('term-after-s', '10'),
    shutdownTimeoutMs,
    out: v['out'] === undefined ? undefined : String(v['out']),
    build: v['build'] !== false,
  };
  if (problems.length > 0) throw new Error(`Invalid options (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${USAGE}`);
  return options;
}
