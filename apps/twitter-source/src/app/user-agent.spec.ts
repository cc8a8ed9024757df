import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userAgent, VERSION } from './user-agent.js';

describe('userAgent', () => {
  it('carries the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(userAgent()).toMatch(new RegExp(`^quix-connectors-twitter-source/${pkg.version} `));
  });
});
