import { describeDeploymentFiles } from '@quix-connectors/testing';
import { webhookVariables } from './webhook-variables.js';

describeDeploymentFiles({ app: 'webhook-receiver', variables: webhookVariables, deploymentType: 'Service' });
