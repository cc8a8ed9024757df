import { quixYamlDeployment, describeDeploymentFiles } from '@quix-connectors/testing';
import { webhookVariables } from './webhook-variables.js';

// A Quix deployment of the receiver is a public URL: whoever deploys it must choose how senders
// are checked (a scheme, or `none` on purpose), instead of getting an unsigned endpoint by default.
const chosenAtDeploy = ['SIGNATURE_SCHEME'];

describeDeploymentFiles({ app: 'webhook-receiver', variables: webhookVariables, deploymentType: 'Service', chosenAtDeploy });

it('the public deployment has no default signature scheme: it must be chosen when deploying', () => {
  const { current } = quixYamlDeployment('webhook-receiver', webhookVariables, chosenAtDeploy);
  const scheme = (current['variables'] as { name: string; required: boolean; value?: string }[]).find((v) => v.name === 'SIGNATURE_SCHEME');
  expect(scheme).toMatchObject({ required: true });
  expect(scheme).not.toHaveProperty('value');
  expect((current['publicAccess'] as { enabled?: boolean } | undefined)?.enabled).toBe(true);
});
