/**
 * Cold-start wiring for `feed`: the config snapshot compiled at package time (no YAML parser in this bundle),
 * the stores over the small signed-HTTP DynamoDB client (no AWS SDK either: src/adapters/dynamo-http.ts says
 * why), the publisher.
 */
import { feedSettingsFor } from '../../src/env';
import { createPublisher, type Publisher } from '../../src/pipeline/publish';
import { createReadStores, type ReadStores } from '../../src/services/read-stores';
import { baseRuntime } from './base-runtime';
import { loadFeedConfig } from './feed-config';
import type { Logging } from './logging';

export interface FeedRuntime extends Logging {
  publisher: Publisher;
  stores: ReadStores;
}

export function createFeedRuntime(processEnv: NodeJS.ProcessEnv): FeedRuntime {
  const { env, logging, stores } = baseRuntime('feed', processEnv, createReadStores);
  const config = loadFeedConfig(env.configDir);
  const publisher = createPublisher({
    stories: stores.stories,
    sources: stores.sources,
    settings: feedSettingsFor(config.feed, env),
    sourceConfigs: config.sources,
    topics: config.topics,
    logger: logging.logger,
  });
  return { ...logging, publisher, stores };
}
