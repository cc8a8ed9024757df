#!/usr/bin/env node
// Lays out what an app's container needs at run time: its bundle, a package.json saying it is
// ESM, and exactly the node_modules its bundle can load, copied from the workspace's installed
// node_modules (no second install, no network). Used by docker/app.Dockerfile's build stage.
//
// The packages are the app's production dependencies as package-lock.json resolves them,
// following workspace libraries (inlined in the bundle, so not copied themselves) to their own
// dependencies. The bundle's bare imports are then checked against that set, so an import that no
// package.json declares fails the image build instead of the container at run time.
//
// Usage: node tools/containers/runtime-deps.mjs <app> <out-dir>
import { builtinModules } from 'node:module';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

const [app, outDir] = process.argv.slice(2);
if (!app || !outDir)
  fail('usage: node tools/containers/runtime-deps.mjs <app> <out-dir>');
const root = process.cwd();
const appDir = `apps/${app}`;
const bundle = join(appDir, 'dist/main.js');
if (!existsSync(bundle))
  fail(`${bundle} is missing: run \`npx nx build ${app}\` first`);
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages = lock.packages;
if (!packages[appDir])
  fail(`${appDir} is not a workspace in package-lock.json`);

/** Where node would find `name` from the package at lockfile path `from`. */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const key = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[key]) return key;
    if (base === '') return undefined;
    const nested = base.lastIndexOf('/node_modules/');
    base = nested >= 0 ? base.slice(0, nested) : '';
  }
}

/** Where a lockfile path goes in the image: everything is loaded from /app, not from a lib's folder. */
const target = (key) => key.slice(key.indexOf('node_modules/'));

const chosen = new Map(); // target path -> lockfile path
function visit(from, name, optional) {
  const key = resolve(from, name);
  if (!key) {
    if (optional) return;
    fail(
      `${name} (needed by ${from || 'the root'}) is not in package-lock.json`,
    );
  }
  const entry = packages[key];
  if (entry.link) return visitDependencies(entry.resolved); // a workspace library: inlined
  const to = target(key);
  const seen = chosen.get(to);
  if (seen === key) return;
  if (seen) fail(`two versions would need ${to}: ${seen} and ${key}`);
  chosen.set(to, key);
  visitDependencies(key);
}
function visitDependencies(key) {
  const entry = packages[key];
  for (const name of Object.keys(entry.dependencies ?? {}))
    visit(key, name, false);
  for (const name of Object.keys(entry.optionalDependencies ?? {}))
    visit(key, name, true);
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    visit(key, name, entry.peerDependenciesMeta?.[name]?.optional ?? false);
  }
}
visitDependencies(appDir);

// What the bundle loads: static and dynamic imports, and pino transports named by string.
const code = readFileSync(bundle, 'utf8');
const specifiers = new Set();
// A specifier never holds whitespace; excluding it keeps prose such as "read from '...'" in the
// bundle's strings from reading as an import.
for (const re of [
  /\bfrom\s*["']([^"'./\s][^"'\s]*)["']/g,
  /\bimport\s*\(\s*["']([^"'./\s][^"'\s]*)["']\s*\)/g,
  /\bimport\s*["']([^"'./\s][^"'\s]*)["']/g,
  /\brequire\s*\(\s*["']([^"'./\s][^"'\s]*)["']\s*\)/g,
]) {
  for (const m of code.matchAll(re)) specifiers.add(m[1]);
}
const builtins = new Set(builtinModules);
const packageOf = (s) =>
  s
    .split('/')
    .slice(0, s.startsWith('@') ? 2 : 1)
    .join('/');
const imported = [...specifiers]
  .filter((s) => !s.startsWith('node:') && !builtins.has(s))
  .map(packageOf);
const undeclared = [...new Set(imported)].filter(
  (name) => !chosen.has(`node_modules/${name}`),
);
if (undeclared.length > 0) {
  fail(
    `the bundle imports ${undeclared.join(', ')}, which ${appDir}/package.json's dependencies do not bring in`,
  );
}
for (const m of code.matchAll(/\btarget:\s*["']([^"'./][^"']*)["']/g)) {
  if (chosen.has(`node_modules/${m[1]}`)) continue;
  console.log(
    `adding ${m[1]}: the bundle names it as a pino transport, loaded at run time`,
  );
  visit('', m[1], true);
}

mkdirSync(outDir, { recursive: true });
cpSync(bundle, join(outDir, 'main.js'));
const appPackage = JSON.parse(
  readFileSync(join(appDir, 'package.json'), 'utf8'),
);
writeFileSync(
  join(outDir, 'package.json'),
  `${JSON.stringify(
    {
      name: appPackage.name,
      version: appPackage.version,
      private: true,
      type: appPackage.type ?? 'commonjs',
    },
    null,
    2,
  )}\n`,
);
for (const [to, key] of chosen) {
  const source = join(root, key);
  if (!existsSync(source)) {
    if (packages[key].optional) continue; // an optional dependency for another platform
    fail(`${key} is in package-lock.json but not installed: run npm ci`);
  }
  // A package's own nested node_modules are chosen (or not) entry by entry.
  cpSync(source, join(outDir, to), {
    recursive: true,
    filter: (path) => !path.slice(source.length).includes('/node_modules'),
  });
}
console.log(
  `${app}: main.js and ${chosen.size} packages (${[...new Set(imported)].sort().join(', ')} and their dependencies) in ${outDir}`,
);

function fail(message) {
  console.error(`runtime-deps: ${message}`);
  process.exit(1);
}
