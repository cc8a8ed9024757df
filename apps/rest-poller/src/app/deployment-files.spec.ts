import { describeDeploymentFiles } from '@quix-connectors/testing';
import { restPollerVariables } from './rest-variables.js';

describeDeploymentFiles({ app: 'rest-poller', variables: restPollerVariables, deploymentType: 'Service' });
