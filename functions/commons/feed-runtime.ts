/** Cold-start wiring for `feed`: sources.yml, the rule file's topic names, stores, the publisher. */
import { createPublisher, type Publisher } from '../../src/pipeline/publish';
import type { Stores } from '../../src/services/stores';
import { baseRuntime } from './base-runtime';
import { feedSettings, ruleTopicNames } from './config';
import type { Observability } from './observability';

export interface FeedRuntime extends Observability {
  publisher: Publisher;
  stores: Stores;
}

export function createFeedRuntime(processEnv: NodeJS.ProcessEnv): FeedRuntime {
  const { env, obs, sourcesFile, stores } = baseRuntime('feed', processEnv);
  const publisher = createPublisher({
    stories: stores.stories,
    sources: stores.sources,
    settings: feedSettings(sourcesFile, env),
    sourceConfigs: sourcesFile.sources,
    topics: ruleTopicNames(env),
    logger: obs.logger,
  });
  return { ...obs, publisher, stores };
}
