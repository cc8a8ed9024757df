/** A /proc file whose text is not what the kernel documents: the sample is skipped and this logged. */
export class ProcFormatError extends Error {
  readonly code = 'PROC_FORMAT';

  constructor(file: string, line: string, expected: string) {
    super(`${file}: expected ${expected}, got ${JSON.stringify(line.slice(0, 200))}`);
    this.name = 'ProcFormatError';
  }
}

/** The whole-number columns of a /proc line, or undefined when one is not a number. */
export function counters(columns: string[]): number[] | undefined {
  const values = columns.map(Number);
  return values.every((v) => Number.isSafeInteger(v) && v >= 0) ? values : undefined;
}
