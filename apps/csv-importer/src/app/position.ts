/** What the positions topic holds for one file, committed with the rows it counts. */
export interface ImportPosition {
  version: 1;
  path: string;
  size: number;
  /** Records csv-parse has emitted (header included) whose rows are committed. */
  records: number;
  /** The line csv-parse had reached at that record. */
  line: number;
  bytes: number;
  rows: number;
  badRows: number;
  done: boolean;
  committedAt: string;
  /** Imports of this file started (folder mode sets a file aside after CSV_MAX_ATTEMPTS). */
  attempts?: number;
}

export function encodePosition(position: ImportPosition): Buffer {
  return Buffer.from(JSON.stringify(position));
}

/** The stored position, or undefined when there is none or it is not one of ours. */
export function decodePosition(value: Buffer | undefined): ImportPosition | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<ImportPosition>;
    if (parsed.version !== 1 || typeof parsed.records !== 'number') return undefined;
    return parsed as ImportPosition;
  } catch {
    return undefined;
  }
}
