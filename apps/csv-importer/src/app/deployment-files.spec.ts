import { describeDeploymentFiles } from '@quix-connectors/testing';
import { csvImporterVariables } from './csv-variables.js';

describeDeploymentFiles({ app: 'csv-importer', variables: csvImporterVariables, deploymentType: 'Job' });
