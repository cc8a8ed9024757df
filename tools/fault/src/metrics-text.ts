/**
 * Reads figures out of an app's `GET /metrics` (the Prometheus text format): the suite judges the
 * apps only by what they expose, so this is how it learns, say, how many posts were read.
 */

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The sum of a metric's samples over every label set that has `labels` (all of them when none
 * are given); undefined when the text has no such sample.
 */
export function metricValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (match === null || match[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) found[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    if (Object.entries(labels).some(([key, value]) => found[key] !== value)) continue;
    const value = Number(match[3]);
    if (Number.isNaN(value)) continue;
    sum = (sum ?? 0) + value;
  }
  return sum;
}
