/**
 * Composition root for polling: wires the fetcher, parser, rules and stores into the poll pipeline. Shared by
 * the `poll`/`dispatch` Lambda functions and local mode, so both run exactly the same code.
 *
 * With a `fetchBy` deadline (the Lambda's remaining time, less what storing needs), every request of the poll
 * ends by then: the feed's fetch gets the time left (at most the usual 30 s / 10 s to connect), the enrich stage
 * stops reading articles there, and a request with less than MIN_FETCH_MS left is not made — the source's poll
 * fails with a timeout, which poll-source records in its state like any other fetch failure.
 */
import { createArticleReader } from '../adapters/article-reader';
import { createHttpFetcher, FetchError } from '../adapters/http-fetcher';
import type { SourceConfig } from '../core/source';
import type { Classifier } from '../core/rules/types';
import type { ArticleReader, Clock, Fetcher, FetchHint, Logger } from '../ports';
import { pollAll } from '../pipeline/poll-all';
import { DEFAULT_RETENTION } from '../core/story';
import { pollSource, type PollDeps, type SourceResult } from '../pipeline/poll-source';
import type { Stores } from './stores';

export interface PollerOptions {
  stores: Pick<Stores, 'stories' | 'sources'>;
  sources: SourceConfig[];
  classifier: Classifier;
  allowPrivateHosts: boolean;
  logger: Logger;
  clock?: Clock;
  fetcher?: Fetcher;
  /** Reads article pages for thin items; default: the guarded article reader. */
  articles?: ArticleReader;
  concurrency?: number;
  /** When every request of a poll must be over (epoch ms); see the header. Default: no deadline. */
  fetchBy?: () => number;
}

/** A feed's fetch, without a deadline or with time to spare (README "Fetching, decoding and limits"). */
export const FETCH_LIMITS = { totalMs: 30_000, connectMs: 10_000 } as const;
/** A request is not started with less time left than this before the deadline: it could not finish. */
export const MIN_FETCH_MS = 1_000;

export interface Poller {
  deps: PollDeps;
  sources: SourceConfig[];
  /** With `hint`, the request dispatch made from the source's state (PollMessage.fetch). */
  pollOne(sourceId: string, hint?: FetchHint): Promise<SourceResult>;
  pollMany(sources: SourceConfig[], onResult?: (r: SourceResult) => void): Promise<SourceResult[]>;
}

export class UnknownSourceError extends Error {
  override name = 'UnknownSourceError';
}

export const systemClock: Clock = { now: () => new Date() };

/** The article reader of a long-lived process (a Lambda container, local mode): its cache lives as long as it does. */
export function processArticleReader(allowPrivateHosts: boolean, clock: Clock = systemClock): ArticleReader {
  return createArticleReader({ allowPrivateHosts, clock });
}

export function createPoller(opts: PollerOptions): Poller {
  const clock = opts.clock ?? systemClock;
  const { fetchBy } = opts;
  const articles = opts.articles ?? createArticleReader({ allowPrivateHosts: opts.allowPrivateHosts, clock });
  const deps: PollDeps = {
    fetcher: opts.fetcher ?? (fetchBy ? deadlineFetcher(opts.allowPrivateHosts, fetchBy, clock) : createHttpFetcher({ allowPrivateHosts: opts.allowPrivateHosts })),
    stories: opts.stores.stories,
    sources: opts.stores.sources,
    classifier: opts.classifier,
    clock,
    logger: opts.logger,
    random: Math.random,
    retention: DEFAULT_RETENTION,
    // Article pages for thin items (the enrich stage); the extractor loads on the first article read.
    // The reader counts each read's time when its host's turn comes, against the deadline enrich passes it.
    articles,
    ...(fetchBy ? { deadline: fetchBy } : {}),
  };
  const byId = new Map(opts.sources.map((s) => [s.id, s]));
  return {
    deps,
    sources: opts.sources,
    pollOne: async (sourceId, hint) => {
      const s = byId.get(sourceId);
      if (!s) throw new UnknownSourceError(`poll: no configured source has id ${sourceId}`);
      return pollSource(deps, s, hint);
    },
    pollMany: (sources, onResult) => pollAll(deps, sources, { concurrency: opts.concurrency ?? 4, onResult }),
  };
}

/**
 * The guarded HTTP fetcher, made for each request with the time left before `fetchBy()` (at most FETCH_LIMITS),
 * so a source that hangs ends as this source's timeout before the deadline, not as the caller's.
 */
export function deadlineFetcher(allowPrivateHosts: boolean, fetchBy: () => number, clock: Clock): Fetcher {
  return {
    fetch: (req) => {
      const left = fetchBy() - clock.now().getTime();
      if (left < MIN_FETCH_MS) {
        return Promise.reject(new FetchError('timeout', `not fetched: ${Math.max(0, Math.round(left))} ms left before the poll's deadline (${req.url})`));
      }
      const totalTimeoutMs = Math.min(FETCH_LIMITS.totalMs, Math.floor(left));
      return createHttpFetcher({ allowPrivateHosts, totalTimeoutMs, connectTimeoutMs: Math.min(FETCH_LIMITS.connectMs, totalTimeoutMs) }).fetch(req);
    },
  };
}

