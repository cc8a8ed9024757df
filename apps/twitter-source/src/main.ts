import { runService } from '@quix-connectors/service';
import { startTwitterSource } from './app/twitter-source.js';
import { stallAfterMs, twitterSourceVariables } from './app/twitter-variables.js';
import { userAgent } from './app/user-agent.js';

await runService({
  name: 'twitter-source',
  variables: twitterSourceVariables,
  start: ({ config, producer, logger, metrics, badRecords, readiness }) =>
    startTwitterSource({
      producer,
      logger,
      metrics,
      apiBaseUrl: config.apiBaseUrl,
      bearerToken: config.bearerToken,
      userAgent: userAgent(),
      rules: config.rules,
      keepUndeclaredRules: config.keepUndeclaredRules,
      query: { tweetFields: config.tweetFields, expansions: config.expansions, userFields: config.userFields },
      outputMode: config.outputMode,
      streamId: config.streamId,
      queueCapacity: config.queueCapacity,
      stallTimeoutMs: stallAfterMs(config),
      resetConnections: config.resetConnections,
      usageCapRetryMs: config.usageCapRetryMs,
      readiness,
      maxLineBytes: config.maxLineBytes,
      badRecords,
      // runService has no "fail" hook: an uncaught error makes it shut down gracefully and exit 1.
      onFatal: (err) => setImmediate(() => {
        throw err;
      }),
    }),
});
