import { readFileSync, writeFileSync } from 'node:fs';
import { withVariablesTable, type VariableSet } from '@quix-connectors/config';

/**
 * The README as it is and as the config schema says it should be (its variables table between
 * the markers). With UPDATE_README=1 (`npm run docs`) the file is rewritten first, so both agree.
 */
export function readmeVariablesTable(readmePath: string, variables: VariableSet): { current: string; expected: string } {
  const current = readFileSync(readmePath, 'utf8');
  const expected = withVariablesTable(current, variables);
  if (process.env['UPDATE_README'] === '1' && current !== expected) {
    writeFileSync(readmePath, expected);
    return { current: expected, expected };
  }
  return { current, expected };
}
