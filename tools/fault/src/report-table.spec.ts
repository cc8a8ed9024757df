import type { CaseResult } from './case-result.js';
import { formatReport } from './report-table.js';

const outage: CaseResult = {
  app: 'webhook-receiver',
  kind: 'outage',
  outageMs: 90_000,
  topic: 'fault-w',
  job: false,
  tally: { accepted: 12_000, inTopic: 12_080, lost: 3, duplicated: 0, unaccepted: 80, lostSample: ['w-7'], notes: ['answers 200: 12000'], refusedButPublished: 80 },
  probe: { down: { ok: 350, unavailable: 10, other: 1 }, killToNotReadyMs: 4_200, upToReadyMs: 1_500, rssBeforeMb: 160.4, peakRssDownMb: 568.6 },
  exit: { by: 'sigterm', code: 1, durationMs: 5_022, sinceKillMs: 130_000 },
  brokerRestartMs: 12_000,
  log: { errorLines: 321, bytes: 527 * 1024 },
  loadAverage1m: 1.5,
};
const job: CaseResult = { app: 'csv-importer', kind: 'term-while-down', outageMs: 0, termAfterMs: 10_000, topic: 'fault-c', job: true, exit: { by: 'itself', code: 1, durationMs: undefined, sinceKillMs: 31_500 } };

describe('formatReport', () => {
  const report = formatReport(
    [
      { result: outage, misses: ['lost 3', 'exit code 1'] },
      { result: job, misses: [] },
    ],
    { shutdownTimeoutMs: 5_000 },
  );
  const rows = report.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| app') && !line.startsWith('| ---'));

  it('prints one row per case with its figures, and the targets it missed', () => {
    expect(rows[0]).toBe('| webhook-receiver | 90 s outage | 12,000 | 12,080 | 3 | 0 | 80 | 160 / 569 | 350/10/1 | 4.2 | 1.5 | 1 in 5,022 ms | lost 3; exit code 1 |');
  });

  it('marks what does not apply to a job, and an exit that came by itself', () => {
    expect(rows[1]).toBe('| csv-importer | SIGTERM 10.0 s into an outage | – | – | – | – | – | – / – | n/a | n/a | n/a | 1, by itself 31.5 s after the kill | none |');
  });

  it('states the targets first, and each case\'s notes after the table', () => {
    expect(report).toMatch(/^Targets: lost 0; duplicated 0 .*\/readyz 503 within 5\.0 s of the kill and 200 within 5\.0 s/);
    expect(report).toContain('- webhook-receiver, 90 s outage (topic fault-w): answers 200: 12000; lost, e.g.: w-7; load average 1.50 at the start; broker restart took 12,000 ms; app log: 321 error lines, 527 KB');
  });
});
