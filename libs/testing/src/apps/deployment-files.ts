import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { VariableSet } from '@quix-connectors/config';
import { parseDocument } from 'yaml';
import { repoRoot } from '../kafka/repo-paths.ts';

// quix.yaml deploys each app's prebuilt image (docker/README.md "Deploy to Quix Cloud"): the
// image CI pushes and variables as the app's config schema describes them. These helpers give
// the deployment as it is and as the schema says; with UPDATE_README=1 (`npm run docs`) they
// rewrite it first, as readmeVariablesTable does for READMEs.

/** Quix sets these in every deployment itself. */
const QUIX_INJECTED = new Set(['Quix__Sdk__Token', 'Quix__Portal__Api', 'Quix__Workspace__Id']);

/**
 * For a Kafka cluster of one's own; a Quix deployment connects through the Portal API, and a
 * broker address set there would even win over it (as in quixstreams).
 */
const SELF_MANAGED_KAFKA_ONLY = new Set([
  'Quix__Broker__Address',
  'KAFKA_SASL_MECHANISM',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'KAFKA_TLS',
  'KAFKA_TLS_CA_FILE',
  'KAFKA_TLS_CERT_FILE',
  'KAFKA_TLS_KEY_FILE',
]);

/** The image of `app` that CI pushes, as quix.yaml names it: two project variables fill it in at sync. */
export const imageOf = (app: string) => `{{IMAGE_REPOSITORY}}/${app}:{{IMAGE_TAG}}`;

/** The Quix project variable a deployment's secret reads: e.g. TWITTER_SOURCE_BEARER_TOKEN. */
export const projectVariableKeyOf = (app: string, name: string) => `${app}_${name}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

export interface QuixYamlVariable {
  name: string;
  inputType: 'OutputTopic' | 'ProjectVariable' | 'FreeText';
  description: string;
  required: boolean;
  value?: string;
  variableKey?: string;
  secret?: true;
}

interface Spec {
  name: string;
  description: string;
  required: boolean;
  secret: boolean;
  defaultValue?: string;
}

/**
 * The schema's variables as a Quix deployment lists them: not the three Quix injects, not the
 * self-managed Kafka ones, and of the secrets only those the app requires (each read from a
 * project variable, which a sync asks for; an optional secret is added to the deployment when
 * used, so a sync never demands values nobody needs). Those in `chosenAtDeploy` have no value and
 * are required, so whoever deploys must pick one (a public endpoint's signature scheme).
 */
export function deploymentVariables(app: string, variables: VariableSet, chosenAtDeploy: readonly string[] = []): QuixYamlVariable[] {
  return Object.values(variables as Record<string, Spec>)
    .filter((v) => !QUIX_INJECTED.has(v.name) && !SELF_MANAGED_KAFKA_ONLY.has(v.name) && (!v.secret || v.required))
    .map((v): QuixYamlVariable => {
      const inputType = v.secret ? 'ProjectVariable' : v.name === 'output' ? 'OutputTopic' : 'FreeText';
      const base = { name: v.name, inputType, description: v.description, required: v.required } as const;
      if (v.secret) return { ...base, variableKey: projectVariableKeyOf(app, v.name), secret: true };
      if (chosenAtDeploy.includes(v.name)) return { ...base, required: true };
      return v.defaultValue === undefined ? base : { ...base, value: v.defaultValue };
    });
}

const updating = () => process.env['UPDATE_README'] === '1';

export interface QuixYamlDeployment {
  /** The whole file, parsed, for checking against the documented fields. */
  pipeline: unknown;
  /** The app's deployment as it is. */
  current: Record<string, unknown>;
  expected: { image: string; variables: QuixYamlVariable[] };
}

/** quix.yaml's deployment of `app`, as it is and as the schema says (rewritten first under `npm run docs`). */
export function quixYamlDeployment(app: string, variables: VariableSet, chosenAtDeploy: readonly string[] = []): QuixYamlDeployment {
  const path = join(repoRoot(), 'quix.yaml');
  const document = parseDocument(readFileSync(path, 'utf8'));
  const deployments = document.get('deployments') as { items: { get(key: string): unknown }[] };
  const index = deployments.items.findIndex((d) => d.get('name') === app);
  if (index < 0) throw new Error(`quix.yaml has no deployment named ${app}`);
  const expected = { image: imageOf(app), variables: deploymentVariables(app, variables, chosenAtDeploy) };
  if (updating()) {
    document.deleteIn(['deployments', index, 'application']);
    document.deleteIn(['deployments', index, 'version']);
    document.setIn(['deployments', index, 'image'], expected.image);
    document.setIn(['deployments', index, 'variables'], document.createNode(expected.variables));
    writeFileSync(path, document.toString({ lineWidth: 0 }));
  }
  const pipeline = document.toJS() as { deployments: Record<string, unknown>[] };
  return { pipeline, current: pipeline.deployments[index] ?? {}, expected };
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
