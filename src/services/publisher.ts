/**
 * Composition root for publishing: the publish pipeline (src/pipeline/publish.ts) over the stores, a SiteSink
 * and the WebSub notifier. Shared by the `publish` Lambda (S3 sink) and local mode (folder sink).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { createFolderSink } from '../adapters/site-folder';
import { createS3Sink } from '../adapters/site-s3';
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

export interface S3SiteOptions {
  bucket: string;
  region?: string;
  /** An S3-compatible endpoint (moto_server in the tests), addressed path-style. */
  endpoint?: string;
}

/** The AWS site: the bucket CloudFront serves. */
export function s3Site(opts: S3SiteOptions): { sink: SiteSink; client: S3Client } {
  const client = new S3Client({
    region: opts.region ?? 'us-east-1',
    ...(opts.endpoint ? { endpoint: opts.endpoint, forcePathStyle: true } : {}),
    maxAttempts: 5,
  });
  return { sink: createS3Sink(client, opts.bucket), client };
}
