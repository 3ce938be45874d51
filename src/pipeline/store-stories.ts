/**
 * Stages 5–7 of a poll: cluster the new stories against the recent window, store them with conditional writes
 * (together: one transaction), settle races with concurrent polls, and bump the feed version when the published
 * timeline changed. A re-poll of an unchanged feed costs one batched read and no writes. A first poll of a feed
 * with new stories costs, after the read of which are stored: the window's read (while clustering prepares), the
 * stories' write, the second look at the window, and the bump.
 */
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { timelineKey, type StoredStory } from '../core/story';
import { settleAll } from '../core/settle-all';
import { fitForStore } from '../core/story-limits';
import type { ExistingStory, StoryStore } from '../ports';
import { planClusters, prepareForClustering, type ClusterPlan } from './cluster';
import { errorMessage } from './error-message';
import type { PollDeps, SourceResult } from './poll-source';

/** How far back (in publication time) new stories are compared for duplicates across outlets. */
export const CLUSTER_WINDOW_HOURS = 72;

/** Updates of stored representatives in flight at once. */
export const UPDATE_CONCURRENCY = 8;

export async function storeStories(
  deps: PollDeps,
  classified: StoredStory[],
  now: Date,
  result: SourceResult,
  lastSuccessAt: string | undefined,
  /** What `existing` said of these ids (the poll asks while it classifies them). */
  stored: Map<string, ExistingStory>,
): Promise<void> {
  const day = 86_400;
  const nowSec = Math.floor(now.getTime() / 1000);
  const expires = (s: StoredStory): number => nowSec + day * (s.decision.kept ? deps.retention.keptDays : deps.retention.droppedDays);

  // Skip ids already stored before doing any clustering work: an unchanged feed costs reads, not writes.
  const unique = [...new Map(classified.map((s) => [s.id, s] as const)).values()]; // the same item twice in one feed
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
  const windowSince = new Date(oldestNew - CLUSTER_WINDOW_HOURS * 3_600_000).toISOString();
  let clustered: ClusterPlan[] = [];
  if (keptFresh.length) {
    // The window is read while the new stories get what clustering compares (signature, title, entities): that
    // work needs no window, and the read's round trip then costs no time of its own. (The turn of the event
    // loop sends the request first.)
    const windowRead = deps.stories.recent(windowSince, 1000);
    windowRead.catch(() => undefined); // (awaited just below; this only keeps it from counting as unhandled meanwhile)
    await yieldToEventLoop();
    const prepared = prepareForClustering(keptFresh);
    clustered = planClusters(prepared, await windowRead);
  }
  const plans = [...clustered, ...fresh.filter((s) => !s.decision.kept).map((story): ClusterPlan => ({ story, representative: undefined }))];

  // 6. The new stories are created together (StoryStore.putStories: one DynamoDB transaction for a poll's
  // stories), each with its own outcome: one that cannot be stored (too big, refused as invalid by the store) is
  // reported and skipped while its siblings are stored. Any other store error (throttling beyond the SDK's
  // retries, the network) fails the poll once every write has settled; the poll then keeps the old validators,
  // so the retry fetches the whole feed again and writes what is missing (its `existing` read sees what landed).
  const writes: ClusterPlan[] = [];
  for (const plan of plans) {
    const fit = fitForStore(plan.story);
    if (!fit.story) {
      failItem(result, fit.reason);
      continue;
    }
    if (fit.trimmed) warn(result, fit.trimmed);
    plan.story = fit.story;
    writes.push(plan);
  }
  const outcomes = writes.length ? await deps.stories.putStories(writes.map((plan) => ({ story: plan.story, expiresAt: expires(plan.story) }))) : [];
  let failure: { error: unknown } | undefined;
  const newRepresentatives: StoredStory[] = [];
  const carried: StoredStory[] = []; // stored representatives that gained "also reported by" entries
  writes.forEach((plan, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status === 'rejected') {
      if (!isItemRefusal(outcome.reason)) failure ??= { error: outcome.reason };
      else failItem(result, `story ${plan.story.id} not stored: ${errorMessage(outcome.reason)}`);
      return;
    }
    if (outcome.value === 'duplicate') {
      result.duplicates++;
      return;
    }
    result.new++;
    if (!plan.story.decision.kept) {
      result.dropped++;
      return;
    }
    result.kept++;
    // A copy that joined another outlet's cluster is not on the timeline; only a new representative, or a
    // representative that gained "also reported by" entries, changes what the feed shows.
    const member = plan.story.clusterId !== undefined && plan.story.clusterId !== plan.story.id;
    if (member) result.clustered++;
    else {
      timelineChanged = true;
      newRepresentatives.push(plan.story);
    }
    if (plan.representative) carried.push(plan.representative);
  });
  // Each stored representative is carried by one plan (the last to join it): these updates touch distinct items.
  const updates = await settleAll(carried, UPDATE_CONCURRENCY, (rep) => addAlsoReported(deps.stories, rep, expires(rep)));
  for (const u of updates) {
    if (u.status === 'rejected') failure ??= { error: u.reason };
    else timelineChanged = true;
  }
  if (failure) throw failure.error;
  // 6b. Settle races with polls of other hosts running at the same moment (local concurrency, parallel Lambdas):
  // two copies of one story stored concurrently may both have become representatives, neither seeing the
  // other. Looking again once ours is stored, the later one by (firstSeen, id) — an order both polls agree
  // on — joins the earlier, so the feed still carries the story once.
  let newestKey: string | undefined; // of the stories this poll put on the timeline (see FeedVersion.newestKey)
  if (newRepresentatives.length > 0) {
    const window = await deps.stories.recent(windowSince, 1000);
    for (const rep of newRepresentatives) {
      if (await joinEarlierTwin(deps.stories, rep, window, expires)) {
        result.clustered++;
        timelineChanged = true;
      } else if (newestKey === undefined || timelineKey(rep) > newestKey) {
        newestKey = timelineKey(rep);
      }
    }
  }
  // 7. version (its stream record starts publish, which pings the WebSub hub once the site is written)
  if (timelineChanged) await deps.stories.bumpFeedVersion(now.toISOString(), newestKey);
}

/** Notes something trimmed or skipped on a poll that still succeeds (shown in the source's health). */
export function warn(result: SourceResult, message: string): void {
  (result.warnings ??= []).push(message);
}

/** A store error about this item itself (DynamoDB's ValidationException: too large, an invalid value). */
function isItemRefusal(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e.name === 'ValidationException' || /ValidationException|Item size has exceeded/i.test(e.message)) return true;
  }
  return false;
}

function failItem(result: SourceResult, message: string): void {
  result.failed = (result.failed ?? 0) + 1;
  warn(result, message);
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
  const current = await rewriteStory(stories, rep.id, undefined, rep, (base) => ({ ...base, clusterId: twinId, alsoReported: undefined }), expires, `not merged into ${twinId}`);
  const gathered = current.alsoReported;
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
  const add = (base: StoredStory): StoredStory => {
    const known = new Set((base.alsoReported ?? []).map((a) => a.id));
    return { ...base, alsoReported: [...(base.alsoReported ?? []), ...(rep.alsoReported ?? []).filter((a) => !known.has(a.id))] };
  };
  await rewriteStory(stories, rep.id, rep, undefined, add, () => expiresAt, '"also reported by" not updated');
}

/**
 * Story `id` rewritten as `change(base)`, conditional on the revision of `base`; returns the base the change was
 * made to. The first try takes `first` (read when undefined), each later one reads the story again after a
 * conflictPause, up to REVISION_TRIES. A story found gone is taken as `gone` when given, else the rewrite fails.
 */
async function rewriteStory(
  stories: StoryStore,
  id: string,
  first: StoredStory | undefined,
  gone: StoredStory | undefined,
  change: (base: StoredStory) => StoredStory,
  expires: (s: StoredStory) => number,
  failure: string,
): Promise<StoredStory> {
  for (let attempt = 0; attempt < REVISION_TRIES; attempt++) {
    if (attempt > 0) await conflictPause(attempt);
    const base = (attempt === 0 ? first : undefined) ?? (await stories.getStory(id)) ?? gone;
    if (!base) break;
    const next = change(base);
    if (await stories.updateStory(next, expires(next), base.rev ?? 0)) return base;
  }
  throw new Error(`store: story ${id} kept changing; ${failure}`);
}

/** Conditional rewrites of one story tried before giving up (the revision moved under each). */
const REVISION_TRIES = 8;

/**
 * A random pause before the next try of a conditional rewrite that lost to another writer: polls of several
 * outlets of one story write their stories at the same moment (each poll's in one transaction) and then update the
 * same representative together; tried again at once, they collide again.
 */
const conflictPause = (attempt: number): Promise<void> => sleep(Math.random() * 5 * 2 ** attempt);

