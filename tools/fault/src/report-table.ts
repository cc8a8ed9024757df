import type { CaseResult } from './case-result.js';
import { TARGETS } from './targets.js';

const num = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en-US'));
const sec = (ms: number | undefined) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const mb = (n: number | undefined) => (n === undefined ? '–' : String(Math.round(n)));

function caseLabel(r: CaseResult): string {
  return r.kind === 'outage' ? `${r.outageMs / 1000} s outage` : `SIGTERM ${sec(r.termAfterMs)} s into an outage`;
}

function exitCell(r: CaseResult): string {
  const e = r.exit;
  if (e === undefined) return '–';
  if (e.by === 'killed') return `killed (no exit in ${sec(e.durationMs)} s)`;
  if (e.by === 'itself') return `${e.code}, by itself ${sec(e.sinceKillMs)} s after the kill`;
  return `${e.code} in ${num(e.durationMs)} ms`;
}

export interface ReportRow {
  result: CaseResult;
  misses: string[];
}

/**
 * The report as Markdown: the targets, one table row per case, then each case's notes. Columns:
 * accepted/in topic/lost/dup (see tools/fault/README.md for what each app counts), 503'd but
 * published (webhooks), RSS before the kill and its peak while down, /readyz answers while down
 * (200/503/other), kill to first 503, broker back to first 200, the exit after SIGTERM.
 */
export function formatReport(rows: readonly ReportRow[], options: { shutdownTimeoutMs: number }): string {
  const lines = [
    `Targets: lost ${TARGETS.lost}; duplicated ${TARGETS.duplicated} (no source here re-sends: the webhook sender does not retry its 503s, whose copies in the topic are counted under 503 → topic, target 0); ` +
      `/readyz 503 within ${sec(TARGETS.notReadyWithinMs)} s of the kill and 200 within ${sec(TARGETS.readyWithinMs)} s of the broker answering again; ` +
      `exit 0 within SHUTDOWN_TIMEOUT_MS (${num(options.shutdownTimeoutMs)} ms, +${num(TARGETS.exitSlackMs)} ms) after recovery, ` +
      `and with the broker down 1 exactly when something accepted was not delivered; RSS: no bound documented yet (reported only).`,
    '',
    '| app | case | accepted | in topic | lost | dup | 503 → topic | RSS MB before / peak down | /readyz down 200/503/other | kill → 503 s | back → 200 s | exit (SIGTERM → exit) | targets missed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: | --- | --- |',
  ];
  for (const { result: r, misses } of rows) {
    const t = r.tally;
    const p = r.probe;
    const http = !r.job;
    lines.push(
      `| ${r.app} | ${caseLabel(r)} | ${num(t?.accepted)} | ${num(t?.inTopic)} | ${num(t?.lost)} | ${num(t?.duplicated)} | ${num(t?.refusedButPublished)} | ` +
        `${mb(p?.rssBeforeMb)} / ${mb(p?.peakRssDownMb)} | ${http && p ? `${p.down.ok}/${p.down.unavailable}/${p.down.other}` : 'n/a'} | ` +
        `${http ? sec(p?.killToNotReadyMs) : 'n/a'} | ${http && r.kind === 'outage' ? sec(p?.upToReadyMs) : 'n/a'} | ${exitCell(r)} | ${misses.length ? misses.join('; ') : 'none'} |`,
    );
  }
  lines.push('', 'Notes:');
  for (const { result: r } of rows) {
    const extra = [
      ...(r.tally?.notes ?? []),
      ...(r.tally?.lostSample.length ? [`lost, e.g.: ${r.tally.lostSample.join(', ')}`] : []),
      ...(r.loadAverage1m !== undefined ? [`load average ${r.loadAverage1m.toFixed(2)} at the start`] : []),
      ...(r.brokerRestartMs !== undefined ? [`broker restart took ${num(r.brokerRestartMs)} ms`] : []),
      ...(r.log ? [`app log: ${num(r.log.errorLines)} error lines, ${num(Math.round(r.log.bytes / 1024))} KB`] : []),
      ...(r.controls?.length ? [`control messages: ${r.controls.join(', ')}`] : []),
      ...(r.undecodable ? [`undecodable messages: ${r.undecodable}`] : []),
      ...(r.error ? [`error: ${r.error}`] : []),
    ];
    lines.push(`- ${r.app}, ${caseLabel(r)} (topic ${r.topic}): ${extra.join('; ')}`);
  }
  return lines.join('\n') + '\n';
}
