import { describeDeploymentFiles } from '@quix-connectors/testing';
import { cpuPublisherVariables } from './cpu-variables.js';

describeDeploymentFiles({ app: 'cpu-publisher', variables: cpuPublisherVariables, deploymentType: 'Service' });
