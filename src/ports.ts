/**
 * Narrow interfaces between the pipeline and the outside world. Adapters (src/adapters) implement them;
 * pipeline code depends only on these. Nothing here does I/O.
 */
import type { SiteObject } from './core/site';
import type { StoredStory } from './core/story';

// ---------- fetching ----------

export interface FetchRequest {
  url: string;
  /** Validators from the previous successful fetch (RFC 9110 §13.1). */
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | {
      status: 'ok';
      httpStatus: number;
      /** URL after redirects. */
      finalUrl: string;
      /** Where the request's URL has moved for good: the end of a leading run of 301/308 redirects. */
      permanentUrl?: string;
      body: Buffer;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      cacheControl?: string;
    }
  | { status: 'not-modified'; httpStatus: 304; finalUrl: string; permanentUrl?: string; etag?: string; lastModified?: string; cacheControl?: string };

/**
 * Fetch failures are thrown as FetchError (src/adapters/http-fetcher.ts) carrying a `kind`, the HTTP
 * status when there was one, and `retryAfterMs` when the server sent Retry-After.
 */
export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResult>;
}

/** What reading one article page gave: its lead, or why there is none (the item is then decided on its feed). */
export type ArticleRead =
  | { status: 'ok'; lead: string; finalUrl: string; charset: string; cached?: boolean }
  | { status: 'failed'; error: string };

/** Reads article pages for the enrich stage (adapters/article-reader.ts): guarded, cached, one at a time per host. */
export interface ArticleReader {
  /** `deadline` (epoch ms): the read must be over by then; its time is counted when the host's turn comes. */
  read(url: string, opts?: { deadline?: number }): Promise<ArticleRead>;
}

// ---------- storage ----------

export type PutOutcome = 'created' | 'duplicate';

export interface StoryStore {
  /** Conditional create: never overwrites; returns 'duplicate' when the id already exists. */
  putStory(story: StoredStory, expiresAt: number): Promise<PutOutcome>;
  /**
   * Conditional creates of many stories, each as `putStory` would: one outcome per story, in order — 'created',
   * 'duplicate', or the error its write failed with. Never rejects. The store may write them together (DynamoDB:
   * a transaction per ≤ 100 stories); a story it refuses (too big, invalid) costs only itself.
   */
  putStories(stories: ReadonlyArray<{ story: StoredStory; expiresAt: number }>): Promise<Array<PromiseSettledResult<PutOutcome>>>;
  /** One story as last written (a strongly consistent read: it follows a conditional write that lost). */
  getStory(id: string): Promise<StoredStory | undefined>;
  /**
   * Which of these ids are already stored, with when each was first seen and whether it was kept (batched
   * reads; lets a re-poll skip write attempts entirely).
   */
  existing(ids: string[]): Promise<Map<string, ExistingStory>>;
  /**
   * Replace a stored story (used by `rules apply` and clustering). With `expectedRev`, the write happens only if
   * the stored record still has that revision (0 = never updated) and returns false otherwise, so two polls
   * adding "also reported by" entries to one story at once cannot overwrite each other. Every write bumps `rev`.
   */
  updateStory(story: StoredStory, expiresAt: number, expectedRev?: number): Promise<boolean>;
  /** Newest first from the published timeline (kept representatives only). `before` pages back. */
  latest(limit: number, before?: string): Promise<StoredStory[]>;
  /** Oldest first from the timeline, starting at the timeline key `from` (inclusive); for RFC 5005 next-archive. */
  after(from: string, limit: number): Promise<StoredStory[]>;
  /** Kept stories first seen since `sinceIso`, newest first (for dedupe against the recent window). */
  recent(sinceIso: string, limit: number): Promise<StoredStory[]>;
  /** Every stored story (admin use: `rules apply`); never on a request path. */
  all(): AsyncIterable<StoredStory>;
  /** Monotonic version of the published feed, read strongly consistent; bumped whenever the timeline changes. */
  feedVersion(): Promise<FeedVersion>;
  bumpFeedVersion(updatedAt: string, newestKey?: string): Promise<FeedVersion>;
}

export interface ExistingStory {
  firstSeen: string;
  kept: boolean;
}

export interface FeedVersion {
  version: number;
  updatedAt?: string;
  /**
   * The timeline key of the newest story the bump added to the timeline, if it added one: a reader of the
   * (eventually consistent) timeline index that does not find it there has read the index before it caught up.
   */
  newestKey?: string;
}

export interface SourceState {
  sourceId: string;
  /** The configured URL. */
  url: string;
  /** Where the feed moved for good (301/308): polled instead of `url` until the configuration changes. */
  effectiveUrl?: string;
  /** When the feed answered 410 Gone: it is polled no more (edit its url, or remove it, to act). */
  goneAt?: string;
  name: string;
  etag?: string;
  lastModified?: string;
  lastFetchedAt?: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: string;
  /** What the last successful poll trimmed or skipped (too many items, an item too big to store). */
  lastWarning?: string;
  lastWarningAt?: string;
  consecutiveFailures: number;
  nextFetchAt?: string;
  itemsSeen: number;
  itemsKept: number;
  lastStatus?: number;
}

export interface SourceStore {
  get(sourceId: string): Promise<SourceState | undefined>;
  put(state: SourceState): Promise<void>;
  list(): Promise<SourceState[]>;
}

// ---------- queue, clock, log ----------

export interface PollMessage {
  sourceId: string;
  /**
   * Messages of one group are polled one at a time (SQS FIFO message group): the source's host, so that one
   * outlet never sees two wiresieve requests at once, on AWS as in local mode.
   */
  group?: string;
  /** Same id within five minutes = the same message (SQS FIFO deduplication); stops double dispatches. */
  dedupeId?: string;
  /** The poll's request, as the source state dispatch read says (pipeline/fetch-request.ts). */
  fetch?: FetchHint;
}

/**
 * The conditional request a poll sends, made by dispatch from the state it read for the source, so the poll
 * sends it at once and reads the state while the feed answers. `for`: the configured URL it was made for (a
 * poll configured otherwise — a deploy in between — reads the state first, as without a hint). A state written
 * in between only makes the request less conditional than it could be: the poll stores nothing twice.
 */
export interface FetchHint {
  for: string;
  url: string;
  etag?: string;
  lastModified?: string;
}

export interface Queue {
  send(messages: PollMessage[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

// ---------- publishing ----------

/**
 * Where the rendered site goes: S3 on AWS (src/adapters/site-s3.ts), a folder in local mode
 * (src/adapters/site-folder.ts). Both store the same bytes under the same keys.
 */
export interface SiteSink {
  /**
   * Writes the objects whose bytes, Content-Type or Cache-Control differ from what is stored, and leaves the
   * rest alone; a `fixed` object already stored with its final Cache-Control is never written again.
   */
  write(objects: SiteObject[]): Promise<SiteWriteResult>;
  /** Deletes the stored objects under `prefix` that are not in `keep` (a topic removed from the rules); says which. */
  prune(prefix: string, keep: Set<string>): Promise<string[]>;
}

export interface SiteWriteResult {
  written: string[];
  unchanged: string[];
  /** Deleted because no longer rendered (publish's prune). */
  deleted?: string[];
}

/** Told when the published feed changed (after the site's feeds were written); e.g. pings a WebSub hub. */
export interface FeedNotifier {
  feedChanged(): Promise<void>;
}
