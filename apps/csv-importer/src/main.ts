import { runJob } from '@quix-connectors/service';
import { importerTopics, runImporter } from './app/csv-importer.js';
import { csvCrossChecks, csvImporterVariables, fileGiven } from './app/csv-variables.js';

// A Job, not a Service: it ends when the file is imported (exit 0 with a summary), on a bad row
// under BAD_RECORD_POLICY=fail (exit 1), or on SIGTERM/SIGINT after committing what it read (exit 0).
await runJob({
  name: 'csv-importer',
  variables: csvImporterVariables,
  crossChecks: [csvCrossChecks, fileGiven(process.argv[2])],
  transactions: (config) => {
    const topics = importerTopics(config);
    const deadLetters = config.badRecordPolicy === 'dead-letter' ? [topics.deadLetterTopic] : [];
    return { transactionalId: topics.transactionalId, stateTopic: topics.positionsTopic, extraDataTopics: deadLetters };
  },
  extraTopics: (config) => [{ name: importerTopics(config).positionsTopic, create: true, cleanupPolicy: 'compact' }],
  run: (context) => runImporter(context, process.argv[2]),
});
