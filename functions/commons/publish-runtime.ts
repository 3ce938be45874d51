/**
 * Cold-start wiring for `publish`: the config files, the stores, the S3 site (SITE_BUCKET) and the publisher
 * (src/services/publisher.ts, the same local mode uses with a folder).
 */
import { ConfigError } from '../../src/config-error';
import { feedSettingsFor } from '../../src/env';
import { loadConfig } from '../../src/services/config-files';
import { createSitePublisher, type SitePublisher } from '../../src/services/publisher';
import { s3Site } from '../../src/services/s3-site';
import { baseRuntime } from './base-runtime';
import { configPaths } from './config';
import type { Logging } from '../../src/services/logging';

export interface PublishRuntime extends Logging {
  publisher: SitePublisher;
}

export function createPublishRuntime(processEnv: NodeJS.ProcessEnv): PublishRuntime {
  const { env, logging, stores } = baseRuntime('publish', processEnv);
  if (!env.siteBucket) throw new ConfigError('environment', undefined, undefined, 'SITE_BUCKET', 'not set: the bucket publish writes the site to (serverless.yml sets it)');
  const config = loadConfig(configPaths(env));
  const { sink } = s3Site({ bucket: env.siteBucket, region: env.region, endpoint: env.s3Endpoint });
  const publisher = createSitePublisher({
    stores,
    sink,
    settings: feedSettingsFor(config.sources.feed, env),
    sourceConfigs: config.sources.sources,
    topics: config.rules.topics,
    logger: logging.logger,
  });
  return { ...logging, publisher };
}
