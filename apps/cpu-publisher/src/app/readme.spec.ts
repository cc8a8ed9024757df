import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVariablesTable } from '@quix-connectors/config';
import { cpuPublisherVariables } from './cpu-variables.js';

// The README's variable table is generated from the schema; this keeps them from drifting.
// `npm run docs` rewrites it.
describe('README', () => {
  it.each(['apps/cpu-publisher/README.md', 'README.md'])('%s lists exactly the variables the app reads', (file) => {
    const path = join(__dirname, '../../../..', file);
    const current = readFileSync(path, 'utf8');
    const expected = withVariablesTable(current, cpuPublisherVariables);
    if (process.env['UPDATE_README'] === '1') writeFileSync(path, expected);
    else expect(current).toBe(expected);
  });
});
