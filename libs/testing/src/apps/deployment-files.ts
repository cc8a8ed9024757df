import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VariableSet } from '@quix-connectors/config';
import { parseDocument } from 'yaml';
import { repoRoot } from '../kafka/repo-paths.ts';

// The Quix deployment files (quix.yaml, apps/<app>/library.json) must offer exactly the
// variables an app reads, as its config schema describes them (docker/README.md). These helpers
// give each file's variables as they are and as the schema says; with UPDATE_README=1
// (`npm run docs`) they rewrite the files first, as readmeVariablesTable does for READMEs.

/** Quix sets these in every deployment itself, so the deployment files leave them out. */
const QUIX_INJECTED = new Set(['Quix__Sdk__Token', 'Quix__Portal__Api', 'Quix__Workspace__Id']);

export interface QuixYamlVariable {
  name: string;
  inputType: string;
  description: string;
  required: boolean;
  value?: string;
  secretKey?: string;
}

export interface LibraryVariable {
  Name: string;
  Type: 'EnvironmentVariable';
  InputType: string;
  Description: string;
  DefaultValue?: string;
  Required: boolean;
}

interface Spec {
  name: string;
  description: string;
  required: boolean;
  secret: boolean;
  defaultValue?: string;
}

const specsOf = (variables: VariableSet): Spec[] =>
  Object.values(variables as Record<string, Spec>).filter((v) => !QUIX_INJECTED.has(v.name));

const inputTypeOf = (v: Spec) => (v.name === 'output' ? 'OutputTopic' : v.secret ? 'Secret' : 'FreeText');

const updating = () => process.env['UPDATE_README'] === '1';

/** quix.yaml's deployment of `app`: its type, its variables as they are and as the schema says. */
export function quixYamlDeployment(
  app: string,
  variables: VariableSet,
): { deploymentType: unknown; application: unknown; current: unknown; expected: QuixYamlVariable[]; topics: string[] } {
  const path = join(repoRoot(), 'quix.yaml');
  const document = parseDocument(readFileSync(path, 'utf8'));
  const deployments = document.get('deployments') as { items: { get(key: string): unknown }[] };
  const index = deployments.items.findIndex((d) => d.get('name') === app);
  if (index < 0) throw new Error(`quix.yaml has no deployment named ${app}`);
  const expected = specsOf(variables).map((v) => ({
    name: v.name,
    inputType: inputTypeOf(v),
    description: v.description,
    required: v.required,
    // A secret comes from the Quix environment's secrets, never a value in the file.
    ...(v.secret ? { secretKey: `${app}-${v.name.toLowerCase().replace(/_/g, '-')}` } : {}),
    ...(!v.secret && v.defaultValue !== undefined ? { value: v.defaultValue } : {}),
  }));
  if (updating()) {
    document.setIn(['deployments', index, 'variables'], document.createNode(expected));
    writeFileSync(path, document.toString({ lineWidth: 0 }));
  }
  const pipeline = document.toJS() as {
    deployments: { name: string; application: unknown; deploymentType: unknown; variables: unknown }[];
    topics: { name: string }[];
  };
  const deployment = pipeline.deployments[index];
  return {
    deploymentType: deployment?.deploymentType,
    application: deployment?.application,
    current: deployment?.variables,
    expected,
    topics: pipeline.topics.map((t) => t.name),
  };
}

/** apps/<app>/library.json: its entry point and its variables as they are and as the schema says. */
export function libraryJson(
  app: string,
  variables: VariableSet,
): { entryPoint: unknown; current: unknown; expected: LibraryVariable[] } {
  const path = join(repoRoot(), 'apps', app, 'library.json');
  const library = JSON.parse(readFileSync(path, 'utf8')) as { EntryPoint: unknown; Variables: unknown };
  const expected = specsOf(variables).map((v) => ({
    Name: v.name,
    Type: 'EnvironmentVariable' as const,
    InputType: inputTypeOf(v),
    Description: v.description,
    ...(v.defaultValue === undefined ? {} : { DefaultValue: v.defaultValue }),
    Required: v.required,
  }));
  if (updating()) {
    library.Variables = expected;
    writeFileSync(path, `${JSON.stringify(library, null, 2)}\n`);
  }
  return { entryPoint: library.EntryPoint, current: library.Variables, expected };
}

/**
 * Lays out the app's container contents as its image build does (tools/containers/runtime-deps.mjs,
 * from the built bundle) into a temporary directory, and returns what it printed. Rejects when
 * the bundle imports a package no package.json of the app brings in.
 */
export async function imageRuntimeDeps(app: string): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), `runtime-deps-${app}-`));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot(), 'tools/containers/runtime-deps.mjs'), app, out], { cwd: repoRoot() });
    return stdout;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
