/**
 * Composition root for publishing: the publish pipeline (src/pipeline/publish.ts) over the stores, a SiteSink
 * and the WebSub notifier. Shared by the `publish` Lambda (S3 sink, ./s3-site.ts, kept apart so that the CLI never
 * loads the S3 client) and local mode (folder sink).
 */
import { createFolderSink } from '../adapters/site-folder';
import { webSubNotifierFor } from '../adapters/websub';
import type { FeedSettings, SourceConfig } from '../core/source';
import type { Logger, SiteSink, SourceStore, StoryStore } from '../ports';
import { publishSite, type PublishResult, type PublishScope } from '../pipeline/publish';

export interface SitePublisherOptions {
  stores: { stories: StoryStore; sources: SourceStore };
  sink: SiteSink;
  /** The feed settings with the public base URL applied (src/env.ts feedSettingsFor). */
  settings: FeedSettings;
  sourceConfigs: SourceConfig[];
  topics: string[];
  logger: Logger;
  now?: () => Date;
}

export interface SitePublisher {
  publish(scope?: PublishScope): Promise<PublishResult>;
}

export function createSitePublisher(opts: SitePublisherOptions): SitePublisher {
  const deps = {
    stories: opts.stores.stories,
    sources: opts.stores.sources,
    sink: opts.sink,
    settings: opts.settings,
    sourceConfigs: opts.sourceConfigs,
    topics: opts.topics,
    logger: opts.logger,
    notifier: webSubNotifierFor(opts.settings, opts.logger),
    now: opts.now ?? (() => new Date()),
  };
  return { publish: (scope) => publishSite(deps, scope) };
}

/** Local mode's site: a folder (served by src/adapters/static-server.ts). */
export function folderSite(dir: string): SiteSink {
  return createFolderSink(dir);
}
