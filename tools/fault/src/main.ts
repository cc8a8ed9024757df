// The fault suite (issue 16, "Proof"): each app under steady load while the broker is SIGKILLed
// and restarted on the same port; prints what was accepted, lost and duplicated. README.md.
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot, startRestartableBroker } from '@quix-connectors/testing/tools';
import type { CaseResult } from './case-result.js';
import { parseSuiteOptions } from './cli-options.js';
import type { SuiteOptions } from './cli-options.js';
import { DRIVERS } from './drivers/all-drivers.js';
import { formatReport } from './report-table.js';
import type { ReportRow } from './report-table.js';
import { runCase } from './run-case.js';
import { missedTargets } from './targets.js';

let options: SuiteOptions;
try {
  options = parseSuiteOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`fault: ${(error as Error).message}\n`);
  process.exit(2);
}
const root = repoRoot();
const started = new Date();
const runDir = options.out ?? join(root, 'tmp', 'fault', started.toISOString().replace(/[:.]/g, '-'));
await mkdir(runDir, { recursive: true });
const say = (line: string) => process.stderr.write(`fault: ${line}\n`);
const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();

if (options.build) {
  say(`building ${options.apps.join(', ')}`);
  const built = spawnSync(join(root, 'node_modules', '.bin', 'nx'), ['run-many', '-t', 'build', '-p', options.apps.join(','), '--output-style=static'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) {
    say('the build failed');
    process.exit(2);
  }
}

const broker = await startRestartableBroker();
say(`broker at ${broker.brokers.join(',')} (${broker.dir}); results in ${runDir}`);
const suite = { broker, format: options.format, runDir, timing: options, mainJs: (app: string) => join(root, 'apps', app, 'dist', 'main.js') };
const rows: ReportRow[] = [];
const record = (result: CaseResult) => {
  const misses = missedTargets(result, options.shutdownTimeoutMs);
  rows.push({ result, misses });
  const t = result.tally;
  say(`${result.app} ${result.kind} ${result.outageMs / 1000} s: accepted ${t?.accepted ?? '–'}, lost ${t?.lost ?? '–'}, dup ${t?.duplicated ?? '–'}; ${misses.length ? `missed: ${misses.join('; ')}` : 'all targets met'}`);
};
try {
  for (const app of options.apps) {
    const cases = [...options.outagesMs.map((ms) => ['outage', ms] as const), ...(options.termWhileDown ? [['term-while-down', 0] as const] : [])];
    for (const [kind, outageMs] of cases) {
      say(`${app}: ${kind === 'outage' ? `${outageMs / 1000} s outage` : 'SIGTERM while the broker is down'}`);
      const loadAverage1m = loadavg()[0];
      record({ ...(await runCase(suite, DRIVERS[app], kind, outageMs)), loadAverage1m });
    }
  }
} finally {
  await broker.stop();
}

const finished = new Date();
const header = [
  `# Fault suite: ${finished.toISOString()}`,
  '',
  `Command: npm run fault -- ${process.argv.slice(2).join(' ')}`.trimEnd(),
  `Commit: ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain') ? ' (with uncommitted changes)' : ''}; format ${options.format}; ` +
    `SHUTDOWN_TIMEOUT_MS ${options.shutdownTimeoutMs}; warm-up ${options.warmupMs / 1000} s, recovery ${options.recoveryMs / 1000} s; ` +
    `took ${Math.round((finished.getTime() - started.getTime()) / 60_000)} min; load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  '',
].join('\n');
const report = header + formatReport(rows, { shutdownTimeoutMs: options.shutdownTimeoutMs });
const json = JSON.stringify({ options, started, finished, rows }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2);
await writeFile(join(runDir, 'report.md'), report);
await writeFile(join(runDir, 'results.json'), json);
process.stdout.write(report);
say(`report and results in ${runDir}`);
process.exit(rows.some((r) => r.misses.length > 0) ? 1 : 0);
