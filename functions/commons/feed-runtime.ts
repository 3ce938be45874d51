/** Cold-start wiring for `feed`: sources.yml, the rule file's topic names, stores, the publisher. */
import { createPublisher, type Publisher } from '../../src/pipeline/publish';
import { createStores, type Stores } from '../../src/services/stores';
import { feedSettings, lambdaSources, ruleTopicNames } from './config';
import { lambdaEnv } from './env';
import { createObservability, type Observability } from './observability';

export interface FeedRuntime extends Observability {
  publisher: Publisher;
  stores: Stores;
}

export function createFeedRuntime(processEnv: NodeJS.ProcessEnv): FeedRuntime {
  const env = lambdaEnv(processEnv);
  const obs = createObservability('feed');
  const sourcesFile = lambdaSources(env);
  const stores = createStores(env);
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
