/**
 * Composition root for polling: wires the fetcher, parser, rules and stores into the poll pipeline. Shared by
 * the `poll`/`dispatch` Lambda functions and local mode, so both run exactly the same code.
 */
import { createArticleReader } from '../adapters/article-reader';
import { createHttpFetcher } from '../adapters/http-fetcher';
import type { SourceConfig } from '../core/source';
import type { Classifier } from '../core/rules/types';
import type { ArticleReader, Clock, FeedNotifier, Fetcher, Logger } from '../ports';
import { pollAll } from '../pipeline/poll-all';
import { DEFAULT_RETENTION, pollSource, type PollDeps, type SourceResult } from '../pipeline/poll-source';
import type { Stores } from './stores';

export interface PollerOptions {
  stores: Pick<Stores, 'stories' | 'sources'>;
  sources: SourceConfig[];
  classifier: Classifier;
  allowPrivateHosts: boolean;
  logger: Logger;
  clock?: Clock;
  notifier?: FeedNotifier;
  fetcher?: Fetcher;
  /** Reads article pages for thin items; default: the guarded article reader. */
  articles?: ArticleReader;
  concurrency?: number;
}

export interface Poller {
  deps: PollDeps;
  sources: SourceConfig[];
  pollOne(sourceId: string): Promise<SourceResult>;
  pollMany(sources: SourceConfig[], onResult?: (r: SourceResult) => void): Promise<SourceResult[]>;
}

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

export const systemClock: Clock = { now: () => new Date() };

export function createPoller(opts: PollerOptions): Poller {
  const deps: PollDeps = {
    fetcher: opts.fetcher ?? createHttpFetcher({ allowPrivateHosts: opts.allowPrivateHosts }),
    stories: opts.stores.stories,
    sources: opts.stores.sources,
    classifier: opts.classifier,
    clock: opts.clock ?? systemClock,
    logger: opts.logger,
    notifier: opts.notifier,
    random: Math.random,
    retention: DEFAULT_RETENTION,
    // Article pages for thin items (the enrich stage); the extractor loads on the first article read.
    articles: opts.articles ?? createArticleReader({ allowPrivateHosts: opts.allowPrivateHosts, clock: opts.clock ?? systemClock }),
  };
  const byId = new Map(opts.sources.map((s) => [s.id, s]));
  return {
    deps,
    sources: opts.sources,
    pollOne: async (sourceId) => {
      const s = byId.get(sourceId);
      if (!s) throw new UnknownSourceError(`poll: no configured source has id ${sourceId}`);
      return pollSource(deps, s);
    },
    pollMany: (sources, onResult) => pollAll(deps, sources, { concurrency: opts.concurrency ?? 4, onResult }),
  };
}
