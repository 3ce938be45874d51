/**
 * Poll one source, end to end, as a numbered list of stages (see DESIGN.md "Data flow"):
 *   1. load the source's state (validators, failures)
 *   2. fetch (conditional GET; 304 = nothing new)
 *   3. decode + parse + normalize into Story[]
 *   4. classify every story with the compiled rules
 *   5. cluster kept stories against the recent window
 *   6. store each story with a conditional write (a re-poll writes nothing twice)
 *   7. bump the feed version if the timeline changed, tell the notifier
 *   8. save the source's state: validators, health, counters, next attempt
 * It never throws for a bad source: every failure becomes that source's result and state.
 */
import { parseFeed } from '../core/parse';
import { nextFetchAt } from '../core/schedule';
import type { Classifier } from '../core/rules/types';
import type { SourceConfig } from '../core/source';
import type { StoredStory } from '../core/story';
import type { Clock, FeedNotifier, Fetcher, Logger, SourceState, SourceStore, StoryStore } from '../ports';
import { planClusters } from './cluster';
import { classifyInput } from './classify-input';

export interface PollDeps {
  fetcher: Fetcher;
  stories: StoryStore;
  sources: SourceStore;
  classifier: Classifier;
  clock: Clock;
  logger: Logger;
  notifier?: FeedNotifier;
  /** Random source for backoff jitter, in [0, 1). */
  random: () => number;
  retention: Retention;
}

export interface Retention {
  /** Days a kept story is stored. */
  keptDays: number;
  /** Days a dropped story is stored (so `rules apply` can reconsider recent items). */
  droppedDays: number;
}

export const DEFAULT_RETENTION: Retention = { keptDays: 90, droppedDays: 7 };
/** How far back new stories are compared for duplicates across outlets. */
export const CLUSTER_WINDOW_HOURS = 72;

export interface SourceResult {
  sourceId: string;
  name: string;
  url: string;
  status: 'ok' | 'not-modified' | 'error';
  httpStatus?: number;
  /** Items in the feed. */
  fetched: number;
  /** Stories written for the first time. */
  new: number;
  /** Of the new stories, how many the rules kept. */
  kept: number;
  dropped: number;
  duplicates: number;
  /** New kept stories that joined another outlet's cluster. */
  clustered: number;
  error?: string;
  stage?: 'fetch' | 'parse' | 'store';
  durationMs: number;
  nextFetchAt?: string;
}

export async function pollSource(deps: PollDeps, source: SourceConfig): Promise<SourceResult> {
  const started = deps.clock.now();
  const result: SourceResult = {
    sourceId: source.id, name: source.name, url: source.url, status: 'ok',
    fetched: 0, new: 0, kept: 0, dropped: 0, duplicates: 0, clustered: 0, durationMs: 0,
  };
  // 1. state
  const prev = await deps.sources.get(source.id);
  const state: SourceState = prev ?? { sourceId: source.id, url: source.url, name: source.name, consecutiveFailures: 0, itemsSeen: 0, itemsKept: 0 };
  state.url = source.url;
  state.name = source.name;
  state.lastFetchedAt = started.toISOString();

  let ttlMinutes: number | undefined;
  let cacheControl: string | undefined;
  let retryAfterMs: number | undefined;
  let stage: SourceResult['stage'] = 'fetch';
  try {
    // 2. fetch
    const res = await deps.fetcher.fetch({ url: source.url, etag: state.etag, lastModified: state.lastModified });
    result.httpStatus = res.httpStatus;
    state.lastStatus = res.httpStatus;
    cacheControl = res.cacheControl;
    // Always keep the newest validators (RFC 9110 §13.1; a 304 may carry updated ones).
    if (res.etag !== undefined) state.etag = res.etag;
    if (res.lastModified !== undefined) state.lastModified = res.lastModified;
    if (res.status === 'not-modified') {
      result.status = 'not-modified';
    } else {
      // 3. parse
      stage = 'parse';
      const feed = parseFeed(res.body, res.contentType, { source: { id: source.id, name: source.name, url: source.url }, now: started, baseUrl: res.finalUrl });
      ttlMinutes = feed.ttlMinutes;
      result.fetched = feed.stories.length;
      // 4. classify
      const firstSeen = started.toISOString();
      const classified: StoredStory[] = feed.stories.map((s) => {
        const language = s.language ?? feed.language ?? source.language;
        const decision = deps.classifier.classify(classifyInput(s, language));
        return { ...s, language, decision, firstSeen };
      });
      // 5.–6. cluster and store
      stage = 'store';
      await storeStories(deps, classified, started, result, prev?.lastSuccessAt);
      state.itemsSeen += result.new;
      state.itemsKept += result.kept;
    }
    state.lastSuccessAt = started.toISOString();
    state.consecutiveFailures = 0;
    delete state.lastError;
  } catch (err) {
    result.status = 'error';
    result.stage = stage;
    result.error = errorMessage(err);
    retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
    const httpStatus = (err as { httpStatus?: number }).httpStatus;
    if (httpStatus !== undefined) result.httpStatus = state.lastStatus = httpStatus;
    if (stage === 'store') {
      // The feed was fetched but its stories not all stored: forget the new validators, or the retry would get
      // a 304 and never store the rest.
      state.etag = prev?.etag;
      state.lastModified = prev?.lastModified;
    }
    state.consecutiveFailures += 1;
    state.lastError = result.error;
    state.lastErrorAt = started.toISOString();
    deps.logger.warn('poll failed', { sourceId: source.id, feedUrl: source.url, stage, error: result.error });
  }
  // 8. state
  const next = nextFetchAt({
    now: started,
    intervalMs: source.intervalMinutes * 60_000,
    consecutiveFailures: state.consecutiveFailures,
    retryAfterMs,
    ttlMinutes,
    cacheControl,
    random: deps.random(),
  });
  state.nextFetchAt = next.toISOString();
  result.nextFetchAt = state.nextFetchAt;
  await deps.sources.put(state);
  result.durationMs = deps.clock.now().getTime() - started.getTime();
  return result;
}

async function storeStories(deps: PollDeps, classified: StoredStory[], now: Date, result: SourceResult, lastSuccessAt: string | undefined): Promise<void> {
  const day = 86_400;
  const nowSec = Math.floor(now.getTime() / 1000);
  const expires = (s: StoredStory): number => nowSec + day * (s.decision.kept ? deps.retention.keptDays : deps.retention.droppedDays);

  // Skip ids already stored before doing any clustering work: an unchanged feed costs reads, not writes.
  const unique = [...new Map(classified.map((s) => [s.id, s] as const)).values()]; // the same item twice in one feed
  const stored = await deps.stories.existing(unique.map((s) => s.id));
  const fresh = unique.filter((s) => !stored.has(s.id));
  result.duplicates += unique.length - fresh.length;
  // A kept story stored after this source's last successful poll was written by a poll that died before it
  // finished (e.g. a Lambda timeout); this retry must still bump the feed version so caches see the story.
  let timelineChanged = [...stored.values()].some((e) => e.kept && (lastSuccessAt === undefined || e.firstSeen > lastSuccessAt));
  const keptFresh = fresh.filter((s) => s.decision.kept);
  // The window is about publication times: copies of a story are published within hours of each other, but a
  // feed may list a days-old item we see only now. So compare against stories published from 72 h before the
  // oldest new story (the timeline index is keyed by published time).
  const oldestNew = Math.min(...keptFresh.map((s) => Date.parse(s.published)).filter(Number.isFinite), now.getTime());
  const recent = keptFresh.length
    ? await deps.stories.recent(new Date(oldestNew - CLUSTER_WINDOW_HOURS * 3_600_000).toISOString(), 1000)
    : [];
  const plans = [...planClusters(keptFresh, recent), ...fresh.filter((s) => !s.decision.kept).map((story) => ({ story, representative: undefined }))];

  const newRepresentatives: StoredStory[] = [];
  for (const plan of plans) {
    const outcome = await deps.stories.putStory(plan.story, expires(plan.story));
    if (outcome === 'duplicate') {
      result.duplicates++;
      continue;
    }
    result.new++;
    if (plan.story.decision.kept) {
      result.kept++;
      // A copy that joined another outlet's cluster is not on the timeline; only a new representative, or a
      // representative that gained "also reported by" entries, changes what the feed shows.
      const member = plan.story.clusterId !== undefined && plan.story.clusterId !== plan.story.id;
      if (member) result.clustered++;
      else {
        timelineChanged = true;
        newRepresentatives.push(plan.story);
      }
      if (plan.representative) {
        await addAlsoReported(deps.stories, plan.representative, expires(plan.representative));
        timelineChanged = true;
      }
    } else {
      result.dropped++;
    }
  }
  // 6b. Settle races with polls of other hosts running at the same moment (local concurrency, parallel Lambdas):
  // two copies of one story stored concurrently may both have become representatives, neither seeing the
  // other. Looking again once ours is stored, the later one by (firstSeen, id) — an order both polls agree
  // on — joins the earlier, so the feed still carries the story once.
  if (newRepresentatives.length > 0) {
    const window = await deps.stories.recent(new Date(oldestNew - CLUSTER_WINDOW_HOURS * 3_600_000).toISOString(), 1000);
    for (const rep of newRepresentatives) {
      if (await joinEarlierTwin(deps.stories, rep, window, expires)) {
        result.clustered++;
        timelineChanged = true;
      }
    }
  }
  // 7. version + notify
  if (timelineChanged) {
    await deps.stories.bumpFeedVersion(now.toISOString());
    if (deps.notifier) {
      try {
        await deps.notifier.feedChanged();
      } catch (err) {
        deps.logger.warn('feed notifier failed', { error: errorMessage(err) });
      }
    }
  }
}

const earlierThan = (a: StoredStory, b: StoredStory): boolean => a.firstSeen < b.firstSeen || (a.firstSeen === b.firstSeen && a.id < b.id);

/** Step 6b: if an earlier representative of the same story exists, make `rep` its copy. True if it did. */
async function joinEarlierTwin(
  stories: StoryStore,
  rep: StoredStory,
  window: StoredStory[],
  expires: (s: StoredStory) => number,
): Promise<boolean> {
  const earlier = window.filter((o) => o.id !== rep.id && (o.clusterId ?? o.id) === o.id && earlierThan(o, rep));
  if (earlier.length === 0) return false;
  const [plan] = planClusters([{ ...rep, clusterId: undefined, alsoReported: undefined }], earlier);
  const twinId = plan?.story.clusterId;
  if (!plan || !twinId || twinId === rep.id) return false;
  const twin = plan.representative ?? earlier.find((o) => o.id === twinId)!;
  // Our story leaves the timeline (a copy has clusterId ≠ id); what it had gathered moves to the twin.
  let gathered: StoredStory['alsoReported'];
  for (let attempt = 0; ; attempt++) {
    const current = (await stories.getStory(rep.id)) ?? rep;
    const demoted: StoredStory = { ...current, clusterId: twinId, alsoReported: undefined };
    if (await stories.updateStory(demoted, expires(demoted), current.rev ?? 0)) {
      gathered = current.alsoReported;
      break;
    }
    if (attempt >= 4) throw new Error(`store: story ${rep.id} kept changing; not merged into ${twinId}`);
  }
  const carried = [...(twin.alsoReported ?? []), ...(gathered ?? [])];
  const seen = new Set<string>();
  const merged = carried.filter((a) => a.source !== twin.source.name && !seen.has(a.source) && seen.add(a.source));
  await addAlsoReported(stories, { ...twin, alsoReported: merged }, expires(twin));
  return true;
}

/**
 * Write a representative that gained "also reported by" entries. Another poll may have added entries to the
 * same story meanwhile: the write is conditional on the revision we read, and on a conflict the stored record
 * is read again and our entries are merged into it (a few tries; contention needs two outlets of one story
 * polled in the same instant).
 */
async function addAlsoReported(stories: StoryStore, rep: StoredStory, expiresAt: number): Promise<void> {
  let base: StoredStory | undefined = rep;
  for (let attempt = 0; attempt < 5 && base; attempt++) {
    const known = new Set((base.alsoReported ?? []).map((a) => a.id));
    const merged: StoredStory = { ...base, alsoReported: [...(base.alsoReported ?? []), ...(rep.alsoReported ?? []).filter((a) => !known.has(a.id))] };
    if (await stories.updateStory(merged, expiresAt, base.rev ?? 0)) return;
    base = await stories.getStory(rep.id);
  }
  throw new Error(`store: story ${rep.id} kept changing; "also reported by" not updated`);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
