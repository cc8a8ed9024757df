import { z } from 'zod';

// The fields of quix.yaml that Quix documents, and nothing else (unknown fields are refused), as
// of December 2026: the quix CLI's "Pipeline YAML Descriptor" reference (quixio/quix-cli
// docs/yaml-reference/pipeline-descriptor.md) and the Quix Cloud pages that extend it
// (quixio/quix-docs: projects/yaml-2-0.md and project-structure.md for `resources.limits` and
// `libraryItemId`, deployments/deploy-external-image.md for `image`, deployments/
// project-variables.md for `ProjectVariable` / `variableKey` / `secret` and `{{ }}` templates,
// "Deployment sizes and resources" for `resources.requests`). Rules the docs state in words are
// checks here: `application` + `version` or `image`, never both; a secret by reference only.

const integer = z.number().int().nonnegative();
/** A documented string field; `{{ NAME }}` project-variable templates may appear in any. */
const text = z.string().min(1);
const projectVariableKey = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'a project variable key is upper case letters, digits and underscores');

const limits = z.strictObject({ cpu: integer.optional(), memory: integer.optional() });
const resources = z.union([
  // Quix Cloud docs (2026): limits, optional requests, replicas.
  z.strictObject({ limits: limits.optional(), requests: limits.optional(), replicas: integer.optional() }),
  // The CLI reference's older flat form.
  z.strictObject({ cpu: integer.optional(), memory: integer.optional(), replicas: integer.optional() }),
]);

const variable = z
  .strictObject({
    name: text,
    inputType: z.enum(['InputTopic', 'OutputTopic', 'FreeText', 'HiddenText', 'Options', 'Secret', 'ProjectVariable', 'VariableGroup']),
    description: z.string().optional(),
    required: z.boolean().optional(),
    value: z.string().optional(),
    multiline: z.boolean().optional(),
    secretKey: text.optional(), // legacy, with inputType Secret
    variableKey: projectVariableKey.optional(),
    secret: z.boolean().optional(),
    variableGroupId: text.optional(),
    variableGroupName: z.string().optional(),
    variableGroupDescription: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message: `${v.name}: ${message}` });
    if (v.inputType === 'Secret' && (!v.secretKey || v.value !== undefined)) problem('a Secret names its secretKey and has no value');
    if (v.inputType === 'ProjectVariable' && (!v.variableKey || v.value !== undefined)) problem('a ProjectVariable names its variableKey and has no value');
    if (v.inputType === 'VariableGroup' && !v.variableGroupId) problem('a VariableGroup names its variableGroupId');
    if (v.variableKey !== undefined && v.inputType !== 'ProjectVariable') problem('variableKey belongs to a ProjectVariable');
    if (v.secretKey !== undefined && v.inputType !== 'Secret') problem('secretKey belongs to a Secret');
  });

/** Fully qualified: registry and repository, then `:tag` (or `@digest`). */
const imageReference = z.string().regex(/^[^\s/]+\/[^\s]+(:[^\s/:]+|@sha256:[0-9a-f]{64})$/, 'an image is registry/name:tag');

const deployment = z
  .strictObject({
    name: text,
    group: text.optional(),
    application: text.optional(),
    image: imageReference.optional(),
    version: text.optional(),
    libraryItemId: text.optional(),
    deploymentType: z.enum(['Service', 'Job', 'Managed']),
    workspaceIds: z.array(text).optional(),
    resources: resources.optional(),
    desiredStatus: z.enum(['Running', 'Stopped']).optional(),
    publicAccess: z.strictObject({ enabled: z.boolean().optional(), urlPrefix: text.optional() }).optional(),
    network: z
      .strictObject({
        serviceName: text.optional(),
        ports: z.array(z.strictObject({ port: integer, targetPort: integer.optional() })).optional(),
      })
      .optional(),
    state: z.strictObject({ enabled: z.boolean().optional(), size: integer.optional() }).optional(),
    variables: z.array(variable).optional(),
    configuration: z.record(z.string(), z.unknown()).optional(),
    blobStorage: z.strictObject({ bind: z.boolean().optional() }).optional(),
    plugin: z.record(z.string(), z.unknown()).optional(),
    disabled: z.boolean().optional(),
  })
  .superRefine((d, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message: `deployment ${d.name}: ${message}` });
    if (d.deploymentType !== 'Managed' && Boolean(d.application) === Boolean(d.image)) problem('set application (with version) or image, not both');
    if (d.application && !d.version) problem('an application deployment needs a version');
    if (d.image && d.version) problem('an image deployment has no version (the tag is in the image)');
    if (d.publicAccess?.enabled && !d.publicAccess.urlPrefix) problem('public access needs a urlPrefix');
    if (d.state?.enabled && d.state.size === undefined) problem('state needs a size');
    if (d.deploymentType === 'Job' && (d.network || d.publicAccess?.enabled)) problem('a Job has no network or public access');
    const names = (d.variables ?? []).map((v) => v.name.toLowerCase()); // Quix matches names case-insensitively
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length > 0) problem(`variables named twice: ${[...new Set(twice)].join(', ')}`);
  });

const topic = z.strictObject({
  name: text,
  persisted: z.boolean().optional(),
  configuration: z
    .strictObject({
      partitions: integer.optional(),
      replicationFactor: integer.optional(),
      retentionInMinutes: z.number().int().optional(), // -1: forever
      retentionInBytes: z.number().int().optional(),
      cleanupPolicy: z.enum(['Delete', 'Compact', 'DeleteAndCompact']).optional(),
    })
    .optional(),
});

export const quixYamlSchema = z
  .strictObject({
    metadata: z.strictObject({ version: z.union([z.literal(1), z.literal(2), z.literal('1.0'), z.literal('2.0')]) }),
    deployments: z.array(deployment),
    topics: z.array(topic).optional(),
  })
  .superRefine((pipeline, ctx) => {
    const topics = new Set((pipeline.topics ?? []).map((t) => t.name));
    for (const d of pipeline.deployments) {
      for (const v of d.variables ?? []) {
        const isTopic = v.inputType === 'InputTopic' || v.inputType === 'OutputTopic';
        if (isTopic && v.value && !v.value.includes('{{') && !topics.has(v.value)) {
          ctx.addIssue({ code: 'custom', message: `deployment ${d.name}: ${v.name} names topic ${v.value}, which topics does not define` });
        }
      }
    }
  });

export type QuixYaml = z.infer<typeof quixYamlSchema>;

/** Every problem with a parsed quix.yaml, one line each with where it is; empty when valid. */
export function quixYamlProblems(document: unknown): string[] {
  const result = quixYamlSchema.safeParse(document);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
}
