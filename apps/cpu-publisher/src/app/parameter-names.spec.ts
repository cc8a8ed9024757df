import fc from 'fast-check';
import { parameterSegments } from './parameter-names.js';

describe('parameterSegments', () => {
  it.each([
    ['/', 'root'],
    ['/var/lib/docker', 'var_lib_docker'],
    ['/media/My Disk', 'media_My_Disk'],
    ['eth0', 'eth0'],
    ['eth0.100', 'eth0_100'],
    ['br-1a2b', 'br_1a2b'],
    ['nvme0n1', 'nvme0n1'],
  ])('names %j %j', (name, segment) => {
    expect(parameterSegments([name])).toEqual([segment]);
  });

  it('keeps names that collide apart, the first one unchanged', () => {
    expect(parameterSegments(['/a/b', '/a_b', '/a.b'])).toEqual(['a_b', 'a_b_2', 'a_b_3']);
  });

  it('always gives distinct names of letters, digits and _ for distinct inputs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 })), (names) => {
        const segments = parameterSegments(names);
        expect(new Set(segments).size).toBe(names.length);
        for (const segment of segments) expect(segment).toMatch(/^[A-Za-z0-9_]+$/);
      }),
    );
  });
});
