import { parse } from 'yaml';
import { quixYamlProblems } from './quix-yaml-schema.ts';

// The schema accepts the shapes Quix's docs show and refuses what they rule out. The valid cases
// are small pipelines of our own in each documented shape.

const pipeline = (deployment: string, topics = '') =>
  parse(`metadata:\n  version: 2.0\ndeployments:\n  - name: d\n${deployment.replace(/^/gm, '    ')}\n${topics}`) as unknown;

const imageDeployment = `image: ghcr.io/acme/connectors/cpu-publisher:0123abc
deploymentType: Service
resources:
  limits:
    cpu: 200
    memory: 500
  replicas: 1`;

describe('quix.yaml as Quix documents it', () => {
  it.each([
    ['an image deployment (deploy an external image)', imageDeployment],
    ['an image named through project-variable templates', imageDeployment.replace(/^image: .*$/m, 'image: "{{IMAGE_REPOSITORY}}/cpu-publisher:{{IMAGE_TAG}}"')],
    ['an application deployment, flat resources (CLI reference)', 'application: my-app\nversion: latest\ndeploymentType: Job\nresources:\n  cpu: 200\n  memory: 500\n  replicas: 1'],
    ['resources with requests', imageDeployment.replace('  replicas: 1', '  requests:\n    cpu: 100\n    memory: 250\n  replicas: 1')],
    ['public access and a network', `${imageDeployment}\npublicAccess:\n  enabled: true\n  urlPrefix: hooks\nnetwork:\n  serviceName: hooks\n  ports:\n    - port: 80\n      targetPort: 8080`],
    ['a project variable secret and a legacy Secret', `${imageDeployment}\nvariables:\n  - name: API_KEY\n    inputType: ProjectVariable\n    required: true\n    variableKey: MY_API_KEY\n    secret: true\n  - name: OLD\n    inputType: Secret\n    secretKey: old-key`],
    ['disabled, with a desired status', `${imageDeployment}\ndisabled: true\ndesiredStatus: Stopped`],
  ])('accepts %s', (_name, deployment) => {
    expect(quixYamlProblems(pipeline(deployment))).toEqual([]);
  });

  it('accepts topics with the documented configuration, and an OutputTopic naming one', () => {
    const deployment = `${imageDeployment}\nvariables:\n  - name: output\n    inputType: OutputTopic\n    value: cpu-load`;
    const topics = 'topics:\n  - name: cpu-load\n    persisted: false\n    configuration:\n      partitions: 2\n      replicationFactor: 2\n      retentionInMinutes: -1\n      retentionInBytes: 262144000\n      cleanupPolicy: Delete';
    expect(quixYamlProblems(pipeline(deployment, topics))).toEqual([]);
  });

  it.each([
    ['both application and image', `application: my-app\nversion: latest\n${imageDeployment}`, /application \(with version\) or image, not both/],
    ['neither application nor image', 'deploymentType: Service', /application \(with version\) or image/],
    ['an image with a version', `${imageDeployment}\nversion: latest`, /image deployment has no version/],
    ['an application without a version', 'application: my-app\ndeploymentType: Service', /needs a version/],
    ['an image without a tag', imageDeployment.replace(':0123abc', ''), /registry\/name:tag/],
    ['an undocumented field', `${imageDeployment}\nentryPoint: main.js`, /entryPoint/],
    ['an undocumented resources field', imageDeployment.replace('replicas: 1', 'replicas: 1\n  gpu: 1'), /resources/],
    ['limits mixed with the flat form', imageDeployment.replace('replicas: 1', 'replicas: 1\n  cpu: 100'), /resources/],
    ['an unknown deployment type', imageDeployment.replace('Service', 'Daemon'), /deploymentType/],
    ['a numeric variable value', `${imageDeployment}\nvariables:\n  - name: N\n    inputType: FreeText\n    value: 5`, /value/],
    ['a ProjectVariable with a value', `${imageDeployment}\nvariables:\n  - name: K\n    inputType: ProjectVariable\n    value: s3cret`, /names its variableKey and has no value/],
    ['a project variable key in lower case', `${imageDeployment}\nvariables:\n  - name: K\n    inputType: ProjectVariable\n    variableKey: my-key`, /upper case/],
    ['a Secret without its key', `${imageDeployment}\nvariables:\n  - name: K\n    inputType: Secret`, /secretKey/],
    ['a variable twice (names match case-insensitively)', `${imageDeployment}\nvariables:\n  - name: PORT\n    inputType: FreeText\n  - name: port\n    inputType: FreeText`, /named twice: port/],
    ['public access without a prefix', `${imageDeployment}\npublicAccess:\n  enabled: true`, /urlPrefix/],
    ['a Job with a network', `${imageDeployment.replace('Service', 'Job')}\nnetwork:\n  ports:\n    - port: 80`, /Job has no network/],
    ['an OutputTopic that topics does not define', `${imageDeployment}\nvariables:\n  - name: output\n    inputType: OutputTopic\n    value: nowhere`, /names topic nowhere/],
  ])('refuses %s', (_name, deployment, message) => {
    const problems = quixYamlProblems(pipeline(deployment));
    expect(problems.join('\n')).toMatch(message);
  });

  it('refuses an unknown cleanup policy and a missing metadata version', () => {
    expect(quixYamlProblems({ metadata: {}, deployments: [], topics: [{ name: 't', configuration: { cleanupPolicy: 'Archive' } }] })).toEqual([
      expect.stringMatching(/^metadata.version: /),
      expect.stringMatching(/^topics.0.configuration.cleanupPolicy: /),
    ]);
  });
});
