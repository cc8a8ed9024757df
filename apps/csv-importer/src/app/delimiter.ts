const CANDIDATES = [',', ';', '\t'] as const;

/**
 * The delimiter a CSV uses, judged from its first line: the candidate that occurs most often
 * outside quotes (comma when none occurs).
 */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',' as string;
  for (const c of CANDIDATES) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** The configured delimiter as csv-parse takes it. */
export function delimiterOption(configured: string, firstLine: string): string {
  if (configured === 'auto') return detectDelimiter(firstLine);
  if (configured === 'tab') return '\t';
  return configured;
}
