import { describe, expect, it } from '@jest/globals';
import type { VariableSet } from '@quix-connectors/config';
import { imageRuntimeDeps, libraryJson, quixYamlDeployment } from './deployment-files.ts';

export interface DeploymentFilesSuiteOptions {
  /** The app's folder under apps/, its quix.yaml deployment name and its Dockerfile's name. */
  app: string;
  variables: VariableSet;
  deploymentType: 'Service' | 'Job';
}

/**
 * The jest tests every app has for its deployment: quix.yaml and library.json offer exactly the
 * variables the app reads (`npm run docs` rewrites them from the schema), and the image build
 * finds a package for every import of the built bundle.
 */
export function describeDeploymentFiles({ app, variables, deploymentType }: DeploymentFilesSuiteOptions): void {
  describe(`${app} deployment files`, () => {
    it(`quix.yaml has a ${deploymentType} deployment with exactly the schema's variables, and its output topic`, () => {
      const deployment = quixYamlDeployment(app, variables);
      expect({ application: deployment.application, deploymentType: deployment.deploymentType }).toEqual({ application: `apps/${app}`, deploymentType });
      expect(deployment.current).toEqual(deployment.expected);
      const output = deployment.expected.find((v) => v.name === 'output');
      expect(deployment.topics).toContain(output?.value);
    });

    it("library.json builds from the app's Dockerfile and lists exactly the schema's variables", () => {
      const library = libraryJson(app, variables);
      expect(library.entryPoint).toBe(`../../docker/${app}.Dockerfile`);
      expect(library.current).toEqual(library.expected);
    });

    it('the image gets a package for every import of the built bundle', async () => {
      expect(await imageRuntimeDeps(app)).toMatch(/main\.js and \d+ packages/);
    });
  });
}
