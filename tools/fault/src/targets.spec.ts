import type { CaseResult } from './case-result.js';
import type { ProbeResult } from './down-probe.js';
import { missedTargets } from './targets.js';

const probe = (p: Partial<ProbeResult>): ProbeResult => ({ down: { ok: 0, unavailable: 10, other: 0 }, killToNotReadyMs: 800, upToReadyMs: 1_200, rssBeforeMb: 100, peakRssDownMb: 120, ...p });
const tally = { accepted: 100, inTopic: 100, lost: 0, duplicated: 0, unaccepted: 0, lostSample: [], notes: [] };
const good: CaseResult = {
  app: 'webhook-receiver',
  kind: 'outage',
  outageMs: 20_000,
  topic: 't',
  job: false,
  tally,
  probe: probe({}),
  exit: { by: 'sigterm', code: 0, durationMs: 300, sinceKillMs: 60_000 },
};
const down: CaseResult = { ...good, kind: 'term-while-down', termAfterMs: 10_000, probe: probe({ upToReadyMs: undefined }), exit: { by: 'sigterm', code: 1, durationMs: 4_000, sinceKillMs: 10_000 }, tally: { ...tally, lost: 3 } };

describe('missedTargets', () => {
  it.each<[string, CaseResult, string[]]>([
    ['a case that meets every target', good, []],
    ['loss', { ...good, tally: { ...tally, lost: 4 } }, ['lost 4']],
    ['duplicates', { ...good, tally: { ...tally, duplicated: 2 } }, ['duplicated 2']],
    ['503s that were published anyway', { ...good, tally: { ...tally, refusedButPublished: 7 } }, ['7 answered 503 were published']],
    ['readiness 200 all through', { ...good, probe: probe({ killToNotReadyMs: undefined }) }, ['/readyz 200 all through the outage']],
    ['readiness late to fall', { ...good, probe: probe({ killToNotReadyMs: 9_000 }) }, ['/readyz 503 only 9.0 s after the kill']],
    ['readiness late to come back', { ...good, probe: probe({ upToReadyMs: 6_500 }) }, ['/readyz 200 only 6.5 s after the broker came back']],
    ['never ready again', { ...good, probe: probe({ upToReadyMs: undefined }) }, ['no /readyz 200 after the broker came back']],
    ['exit 1 after recovery', { ...good, exit: { by: 'sigterm', code: 1, durationMs: 200, sinceKillMs: 0 } }, ['exit code 1']],
    ['a slow exit', { ...good, exit: { by: 'sigterm', code: 0, durationMs: 6_500, sinceKillMs: 0 } }, ['exit took 6.5 s (SHUTDOWN_TIMEOUT_MS 5.0 s)']],
    ['a service that died during the outage', { ...good, exit: { by: 'itself', code: 1, durationMs: undefined, sinceKillMs: 30_000 } }, ['ended by itself with code 1 before the SIGTERM']],
    ['a job that failed', { ...good, job: true, app: 'csv-importer', probe: undefined, exit: { by: 'itself', code: 1, durationMs: undefined, sinceKillMs: 30_000 } }, ['exit code 1']],
    ['SIGTERM while down: exit 1 in time, with the undelivered counted', down, ['lost 3']],
    ['SIGTERM while down: exit 0 although records were lost', { ...down, exit: { by: 'sigterm', code: 0, durationMs: 100, sinceKillMs: 0 } }, ['lost 3', 'exit code 0 although 3 accepted were lost']],
    ['SIGTERM while down: exit 1 with nothing lost', { ...down, tally }, ['exit code 1 although nothing accepted was lost']],
    ['a case that broke', { ...good, error: 'the app did not answer /readyz 200\nmore' }, ['did not run to the end: the app did not answer /readyz 200']],
  ])('%s', (_name, result, expected) => {
    expect(missedTargets(result, 5_000)).toEqual(expected);
  });
});
