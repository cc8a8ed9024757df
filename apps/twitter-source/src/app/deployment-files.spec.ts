import { describeDeploymentFiles } from '@quix-connectors/testing';
import { twitterSourceVariables } from './twitter-variables.js';

describeDeploymentFiles({ app: 'twitter-source', variables: twitterSourceVariables, deploymentType: 'Service' });
