/**
 * Cold-start wiring for `poll`: both config files (the rules from their package-time compiled form), stores, the
 * article reader (its cache kept by the container). (The WebSub ping is publish's, after the site is written.) The
 * fetcher is made per record, bounded by the invocation's deadline (./poll-record.ts, src/services/poller.ts).
 */
import { loadRulesCompiled } from '../../src/services/config-files';
import { processArticleReader } from '../../src/services/poller';
import type { Stores } from '../../src/services/stores';
import { baseRuntime } from './base-runtime';
import { configPaths, lambdaSources } from './config';
import { withMetrics, type Observability } from './observability';
import type { PollRecordDeps } from './poll-record';

export interface PollRuntime extends Observability {
  deps: PollRecordDeps;
  stores: Stores;
}

export function createPollRuntime(processEnv: NodeJS.ProcessEnv): PollRuntime {
  const { env, logging, stores } = baseRuntime('poll', processEnv);
  const obs = withMetrics(logging);
  const sourcesFile = lambdaSources(env);
  return {
    ...obs,
    stores,
    deps: {
      stories: stores.stories,
      sources: stores.sources,
      configs: sourcesFile.sources,
      classifier: loadRulesCompiled(configPaths(env).rulesFile),
      allowPrivateHosts: env.allowPrivateHosts,
      articles: processArticleReader(env.allowPrivateHosts),
      logger: obs.logger,
    },
  };
}
