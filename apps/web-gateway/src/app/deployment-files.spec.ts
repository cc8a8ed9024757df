import { describeDeploymentFiles } from '@quix-connectors/testing';
import { gatewayVariables } from './gateway-variables.js';

describeDeploymentFiles({ app: 'web-gateway', variables: gatewayVariables, deploymentType: 'Service' });
