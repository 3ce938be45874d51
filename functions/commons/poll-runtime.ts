/** Cold-start wiring for `poll`: both config files (rules compiled once), stores, fetcher, WebSub notifier. */
import { createHttpFetcher } from '../../src/adapters/http-fetcher';
import { createWebSubNotifier } from '../../src/adapters/websub';
import { loadRules } from '../../src/services/config-files';
import { createStores, type Stores } from '../../src/services/stores';
import { feedSettings, lambdaSources, rulesFile } from './config';
import { lambdaEnv } from './env';
import { createObservability, type Observability } from './observability';
import type { PollRecordDeps } from './poll-record';

export interface PollRuntime extends Observability {
  deps: PollRecordDeps;
  stores: Stores;
}

export function createPollRuntime(processEnv: NodeJS.ProcessEnv): PollRuntime {
  const env = lambdaEnv(processEnv);
  const obs = createObservability('poll');
  const sourcesFile = lambdaSources(env);
  const settings = feedSettings(sourcesFile, env);
  const stores = createStores(env);
  const notifier = settings.hubUrl
    ? createWebSubNotifier({
        hubUrl: settings.hubUrl,
        topicUrls: ['/feed.xml', '/feed.atom', '/feed.json'].map((p) => settings.baseUrl + p),
        logger: obs.logger,
      })
    : undefined;
  return {
    ...obs,
    stores,
    deps: {
      stories: stores.stories,
      sources: stores.sources,
      configs: sourcesFile.sources,
      classifier: loadRules(rulesFile(env)),
      fetcher: createHttpFetcher({ allowPrivateHosts: env.allowPrivateHosts }),
      logger: obs.logger,
      notifier,
    },
  };
}
