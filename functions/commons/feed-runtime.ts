/**
 * Cold-start wiring for `feed`, kept to what serving needs (npm run bench -- coldstart): the config snapshot
 * compiled at package time (no YAML parser in this bundle), the stores over the small signed-HTTP DynamoDB
 * client (no AWS SDK either: src/adapters/dynamo-http.ts says why), the publisher, and a logger loaded on its
 * first line (./deferred-logging.ts).
 */
import { feedSettingsFor } from '../../src/env';
import { createPublisher, type Publisher } from '../../src/pipeline/publish';
import { createReadStores, type ReadStores } from '../../src/services/read-stores';
import { createDeferredLogging, type DeferredLogging } from './deferred-logging';
import { lambdaEnv } from './env';
import { loadFeedConfig } from './feed-config';

export interface FeedRuntime {
  publisher: Publisher;
  stores: ReadStores;
  logging: DeferredLogging;
}

/**
 * `feed`'s wiring. `render` (functions/render.ts) uses the same under its own name, and renders every route
 * itself rather than serving what a `feed` container shared.
 */
export function createFeedRuntime(processEnv: NodeJS.ProcessEnv, functionName: 'feed' | 'render' = 'feed'): FeedRuntime {
  const env = lambdaEnv(processEnv);
  const logging = createDeferredLogging(functionName, env);
  const stores = createReadStores(env);
  const config = loadFeedConfig(env.configDir);
  const publisher = createPublisher({
    stories: stores.stories,
    sources: stores.sources,
    settings: feedSettingsFor(config.feed, env),
    sourceConfigs: config.sources,
    topics: config.topics,
    logger: logging.logger,
    renderings: stores.renderings,
    reuseSharedRenderings: functionName === 'feed',
  });
  return { publisher, stores, logging };
}
