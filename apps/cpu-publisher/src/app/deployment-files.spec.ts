import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// `yaml` is not a declared devDependency yet: it resolves to the copy hoisted for Nx's tooling
// (docker/README.md says why, and what to add).
import { parse } from 'yaml';
import { cpuPublisherVariables } from './cpu-variables.js';

// The Quix deployment files must offer exactly the variables the app reads, so they cannot drift
// from the schema. The three Quix sets itself in every deployment are left out of them.
const QUIX_INJECTED = [
  'Quix__Sdk__Token',
  'Quix__Portal__Api',
  'Quix__Workspace__Id',
];

const repoRoot = join(__dirname, '../../../..');
const schema = Object.values(cpuPublisherVariables).filter(
  (v) => !QUIX_INJECTED.includes(v.name),
);
const inputTypeOf = (v: { name: string; secret: boolean }) =>
  v.name === 'output' ? 'OutputTopic' : v.secret ? 'Secret' : 'FreeText';

interface LibraryVariable {
  Name: string;
  Type: string;
  InputType: string;
  Description: string;
  DefaultValue?: string;
  Required: boolean;
}
interface QuixVariable {
  name: string;
  inputType: string;
  description: string;
  required: boolean;
  value?: string | number | boolean;
  secretKey?: string;
}

describe('library.json', () => {
  const library = JSON.parse(
    readFileSync(join(repoRoot, 'apps/cpu-publisher/library.json'), 'utf8'),
  ) as {
    EntryPoint: string;
    Variables: LibraryVariable[];
  };

  it('lists exactly the schema variables, in order, as the schema describes them', () => {
    expect(library.Variables).toEqual(
      schema.map((v) => ({
        Name: v.name,
        Type: 'EnvironmentVariable',
        InputType: inputTypeOf(v),
        Description: v.description,
        ...(v.defaultValue === undefined
          ? {}
          : { DefaultValue: v.defaultValue }),
        Required: v.required,
      })),
    );
  });

  it('leaves out what Quix injects, and builds from the app image', () => {
    const names = library.Variables.map((v) => v.Name);
    for (const name of QUIX_INJECTED) expect(names).not.toContain(name);
    expect(library.EntryPoint).toBe('../../docker/cpu-publisher.Dockerfile');
  });
});

describe('quix.yaml', () => {
  const pipeline = parse(readFileSync(join(repoRoot, 'quix.yaml'), 'utf8')) as {
    deployments: {
      name: string;
      application: string;
      deploymentType: string;
      variables: QuixVariable[];
    }[];
    topics: { name: string }[];
  };
  const deployment = pipeline.deployments.find(
    (d) => d.name === 'cpu-publisher',
  );

  it('has a cpu-publisher Service deployment', () => {
    expect(deployment).toMatchObject({
      application: 'apps/cpu-publisher',
      deploymentType: 'Service',
    });
  });

  it('lists exactly the schema variables, in order, with their defaults as values', () => {
    expect(deployment?.variables).toEqual(
      schema.map((v) => ({
        name: v.name,
        inputType: inputTypeOf(v),
        description: v.description,
        required: v.required,
        // A secret comes from the Quix environment's secrets, never a value in the file.
        ...(v.secret
          ? {
              secretKey: `cpu-publisher-${v.name.toLowerCase().replace(/_/g, '-')}`,
            }
          : {}),
        ...(!v.secret && v.defaultValue !== undefined
          ? { value: v.defaultValue }
          : {}),
      })),
    );
  });

  it('declares the default output topic', () => {
    const output = deployment?.variables.find((v) => v.name === 'output');
    expect(pipeline.topics.map((t) => t.name)).toContain(output?.value);
  });
});
