import { readFile } from 'node:fs/promises';

/** The last lines of a log file, or a note saying it could not be read. */
export async function readLogTail(file: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text.trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log at ${file}: ${String(error)})`;
  }
}
