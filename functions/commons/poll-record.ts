/**
 * One SQS record → one source polled, and the line between the two kinds of failure:
 *   - the source's own trouble (unreachable, 500, not a feed) is an outcome: poll-source records it in the
 *     source's state with backoff, and the record SUCCEEDS, so SQS does not hammer a broken feed;
 *   - infrastructure trouble (DynamoDB failing even after the SDK's retries) FAILS the record, so SQS redelivers
 *     it after the visibility timeout (and moves it to the DLQ after 3 receives).
 * poll-source catches store errors too (one bad source never sinks a local run), so the stores are wrapped
 * here: a store failure is remembered, and the source state saved at the end keeps the validators read at the
 * start (ETag / Last-Modified) — otherwise the redelivered message would get a 304 and the stories that were not
 * written would be lost. Story writes are conditional, so the redelivery writes each story exactly once.
 */
import type { SQSRecord } from 'aws-lambda';
import type { Classifier } from '../../src/core/rules/types';
import type { SourceConfig } from '../../src/core/source';
import type { ArticleReader, FetchHint, Logger, PollMessage, SourceState, SourceStore, StoryStore } from '../../src/ports';
import type { SourceResult } from '../../src/pipeline/poll-source';
import { createPoller, UnknownSourceError } from '../../src/services/poller';

export class PollMessageError extends Error {
  override name = 'PollMessageError';
}

export class PollInfrastructureError extends Error {
  override name = 'PollInfrastructureError';
}

export interface PollRecordDeps {
  stories: StoryStore;
  sources: SourceStore;
  configs: SourceConfig[];
  classifier: Classifier;
  /** Lifts the fetcher's SSRF guard: tests against loopback feeds only (ALLOW_PRIVATE_HOSTS). */
  allowPrivateHosts: boolean;
  /** The container's article reader (its cache outlives one record). */
  articles: ArticleReader;
  logger: Logger;
}

export function parsePollMessage(body: string): PollMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch (err) {
    throw new PollMessageError('poll: message body is not JSON', { cause: err });
  }
  const id = (msg as { sourceId?: unknown } | null)?.sourceId;
  if (typeof id !== 'string' || !id) throw new PollMessageError('poll: message has no sourceId');
  const fetch = hintOf((msg as { fetch?: unknown }).fetch);
  return { sourceId: id, ...(fetch ? { fetch } : {}) };
}

/** The message's request (PollMessage.fetch) when it is well formed; otherwise none, and the poll reads the state first. */
function hintOf(v: unknown): FetchHint | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const h = v as Record<string, unknown>;
  const optional = (x: unknown): boolean => x === undefined || typeof x === 'string';
  if (typeof h.for !== 'string' || typeof h.url !== 'string' || !optional(h.etag) || !optional(h.lastModified)) return undefined;
  return { for: h.for, url: h.url, ...(h.etag !== undefined ? { etag: h.etag as string } : {}), ...(h.lastModified !== undefined ? { lastModified: h.lastModified as string } : {}) };
}

/**
 * Polls the record's source; resolves with its result (undefined for a source no longer configured). With
 * `fetchBy` (commons/poll-deadline.ts) every request of the poll is over by then.
 */
export async function pollRecord(deps: PollRecordDeps, record: Pick<SQSRecord, 'body' | 'messageId'>, fetchBy?: () => number): Promise<SourceResult | undefined> {
  const { sourceId, fetch } = parsePollMessage(record.body);
  const guard = guardStores(deps.stories, deps.sources);
  const poller = createPoller({
    stores: guard, sources: deps.configs, classifier: deps.classifier, articles: deps.articles, fetchBy,
    allowPrivateHosts: deps.allowPrivateHosts, logger: deps.logger,
  });
  let result: SourceResult;
  try {
    result = await poller.pollOne(sourceId, fetch);
  } catch (err) {
    // A source removed from sources.yml after dispatch: nothing to retry.
    if (err instanceof UnknownSourceError) {
      deps.logger.warn('poll: source is no longer configured, message dropped', { sourceId, messageId: record.messageId });
      return undefined;
    }
    throw err;
  }
  if (guard.failure !== undefined) {
    throw new PollInfrastructureError(`poll: store failed while polling source ${sourceId}; the message will be retried`, { cause: guard.failure });
  }
  return result;
}

interface GuardedStores {
  stories: StoryStore;
  sources: SourceStore;
  failure?: unknown;
}

function guardStores(stories: StoryStore, sources: SourceStore): GuardedStores {
  const g: GuardedStores = { stories, sources };
  let validators: Pick<SourceState, 'etag' | 'lastModified'> = {};
  const watch = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      g.failure ??= err;
      throw err;
    }
  };
  g.stories = {
    putStory: (s, e) => watch(() => stories.putStory(s, e)),
    // A story whose write failed counts as a store failure, as a throwing putStory does.
    putStories: (batch) => watch(async () => {
      const out = await stories.putStories(batch);
      for (const o of out) if (o.status === 'rejected') g.failure ??= o.reason;
      return out;
    }),
    getStory: (id) => watch(() => stories.getStory(id)),
    existing: (ids) => watch(() => stories.existing(ids)),
    updateStory: (s, e, r) => watch(() => stories.updateStory(s, e, r)),
    latest: (n, before) => watch(() => stories.latest(n, before)),
    after: (from, n) => watch(() => stories.after(from, n)),
    recent: (since, n) => watch(() => stories.recent(since, n)),
    all: () => stories.all(),
    feedVersion: () => watch(() => stories.feedVersion()),
    bumpFeedVersion: (at, newestKey) => watch(() => stories.bumpFeedVersion(at, newestKey)),
  };
  g.sources = {
    get: async (id) => {
      const s = await sources.get(id);
      validators = { etag: s?.etag, lastModified: s?.lastModified };
      return s;
    },
    list: () => sources.list(),
    put: (state) => sources.put(g.failure === undefined ? state : { ...state, ...validators }),
  };
  return g;
}
