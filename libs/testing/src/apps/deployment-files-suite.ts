import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { VariableSet } from '@quix-connectors/config';
import { repoRoot } from '../kafka/repo-paths.ts';
import { imageRuntimeDeps, quixYamlDeployment } from './deployment-files.ts';
import { quixYamlProblems } from './quix-yaml-schema.ts';

export interface DeploymentFilesSuiteOptions {
  /** The app's folder under apps/, its quix.yaml deployment name and its Dockerfile's name. */
  app: string;
  variables: VariableSet;
  deploymentType: 'Service' | 'Job';
  /** Variables the deployment leaves without a value and requires, so whoever deploys picks one. */
  chosenAtDeploy?: readonly string[];
}

/**
 * The jest tests every app has for its deployment: quix.yaml holds only fields Quix documents,
 * deploys the image CI builds from docker/<app>.Dockerfile, offers the variables the app reads
 * (`npm run docs` rewrites them from the schema), and the image build finds a package for every
 * import of the built bundle.
 */
export function describeDeploymentFiles({ app, variables, deploymentType, chosenAtDeploy = [] }: DeploymentFilesSuiteOptions): void {
  describe(`${app} deployment files`, () => {
    const { pipeline, current, expected } = quixYamlDeployment(app, variables, chosenAtDeploy);

    it('quix.yaml holds only the fields Quix documents, each as documented', () => {
      expect(quixYamlProblems(pipeline)).toEqual([]);
      // Quix builds an application from its folder, which must hold the app's app.yaml.
      const applications = ((pipeline as { deployments?: { application?: string }[] }).deployments ?? []).flatMap((d) => d.application ?? []);
      expect(applications.filter((folder) => !existsSync(join(repoRoot(), folder, 'app.yaml')))).toEqual([]);
    });

    it(`quix.yaml deploys the ${deploymentType} from the image CI pushes, built by docker/${app}.Dockerfile`, () => {
      expect({ image: current['image'], deploymentType: current['deploymentType'] }).toEqual({ image: expected.image, deploymentType });
      expect(existsSync(join(repoRoot(), 'docker', `${app}.Dockerfile`))).toBe(true);
    });

    it("quix.yaml's deployment offers the schema's variables (less Quix's own, self-managed Kafka and optional secrets)", () => {
      expect(current['variables']).toEqual(expected.variables);
      const topics = ((pipeline as { topics?: { name: string }[] }).topics ?? []).map((t) => t.name);
      expect(topics).toContain(expected.variables.find((v) => v.name === 'output')?.value);
    });

    it('a port the deployment opens is the one the app listens on (PORT)', () => {
      const port = expected.variables.find((v) => v.name === 'PORT')?.value;
      const network = current['network'] as { ports?: { port: number; targetPort?: number }[] } | undefined;
      for (const p of network?.ports ?? []) expect(String(p.targetPort ?? p.port)).toBe(port);
    });

    it('the image gets a package for every import of the built bundle', async () => {
      expect(await imageRuntimeDeps(app)).toMatch(/main\.js and \d+ packages/);
    });
  });
}
