import { runService } from '@quix-connectors/service';
import { startTwitterSource } from './app/twitter-source.js';
import { twitterSourceVariables } from './app/twitter-variables.js';
import { userAgent } from './app/user-agent.js';

await runService({
  name: 'twitter-source',
  variables: twitterSourceVariables,
  start: ({ config, producer, logger, metrics }) =>
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
      stallTimeoutMs: config.stallTimeoutMs,
      resetConnections: config.resetConnections,
      // runService has no "fail" hook: an uncaught error makes it shut down gracefully and exit 1.
      onFatal: (err) => setImmediate(() => {
        throw err;
      }),
    }),
});
