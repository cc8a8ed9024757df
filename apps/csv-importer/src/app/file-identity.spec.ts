import { tortureDir } from '../test-support/torture.js';
import { identifyFile } from './file-identity.js';

const files = tortureDir();

describe('a file\'s identity', () => {
  it('tells apart two files with the same first KiB and the same size (60 rows were once skipped so)', async () => {
    const head = 'id,v\n' + 'x'.repeat(2000) + '\n';
    const a = await identifyFile(files.write('a.csv', `${head}1,2\n`));
    const b = await identifyFile(files.write('b.csv', `${head}3,4\n`));
    expect(a.size).toBe(b.size);
    expect(a.id).not.toBe(b.id);
  });

  it('is the same for the same content under another name (renamed, moved to done/, copied)', async () => {
    const a = await identifyFile(files.write('one.csv', 'id\n1\n'));
    const b = await identifyFile(files.write('other-name.csv', 'id\n1\n'));
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when one byte changes anywhere, or the file grows', async () => {
    const path = files.write('grows.csv', 'id\n1\n2\n');
    const before = await identifyFile(path);
    files.write('grows.csv', 'id\n1\n3\n');
    const edited = await identifyFile(path);
    files.write('grows.csv', 'id\n1\n3\n4\n');
    const appended = await identifyFile(path);
    expect(new Set([before.id, edited.id, appended.id]).size).toBe(3);
  });
});
