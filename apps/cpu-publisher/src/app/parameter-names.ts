/**
 * The part of a parameter name that names a mount point, interface or disk: characters other than
 * letters, digits and `_` become `_` (`/var/lib` -> `var_lib`, `eth0.100` -> `eth0_100`), and the
 * root mount is `root`. Names that would then collide get `_2`, `_3`, ... in the order given, so
 * no two series are merged into one parameter.
 */
export function parameterSegments(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = name === '/' ? 'root' : name.replace(/^\/+/, '').replace(/[^A-Za-z0-9_]/g, '_') || '_';
    let segment = base;
    for (let n = 2; used.has(segment); n += 1) segment = `${base}_${n}`;
    used.add(segment);
    return segment;
  });
}
