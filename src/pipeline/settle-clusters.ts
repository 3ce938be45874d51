/**
 * Clustering across outlets, settled by the one writer that sees every poll's stories: publish (the `publish`
 * Lambda on the stream, `serve` after each polling round) and `poll --once` when it ends. Polls run side by side
 * and only create their feeds' new stories (store-stories.ts): each kept one goes on the timeline *unsettled*,
 * without a clusterId. So no poll reads what the others wrote, and no two of them race on one story.
 *
 * Here each unsettled story of the timeline is compared (cluster.ts planClusters) with the settled ones and with
 * the unsettled ones found before it (first seen, then published, then id), and settled: a copy of an earlier
 * story joins it — it leaves the timeline (its clusterId becomes the earlier one's id) and its outlet goes into
 * the earlier one's "also reported by" — and any other becomes a representative (clusterId = its own id), stored
 * with what a comparison needs (signature, normalized title, entities: computed once, here). A representative
 * never changes once settled: a story found later, even one dated earlier, joins it (a new GUID
 * in every reader for the same news would be worse). The settled mark costs one write per kept story, and keeps
 * each run's comparisons to the stories that are new since the last one.
 *
 * Writes are conditional on the revision read (StoryStore.updateStory); a story changed meanwhile (a second run,
 * `rules apply`) is read again and the change made to it again. Representatives are written before their copies
 * leave the timeline, so a run that fails part-way is repaired by the next one (the stream retries publish): a
 * copy still unsettled joins again, and its outlet is listed once. A story the store refuses to rewrite (an
 * item-level error) is left as it was and reported, and its siblings are settled: one story never stops the site.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { THRESHOLDS } from '../core/dedupe';
import { settleAll } from '../core/settle-all';
import { DEFAULT_RETENTION, outletName, outletSite, type AlsoReported, type StoredStory } from '../core/story';
import type { StoryStore } from '../ports';
import { MAX_ALSO_REPORTED, planClusters } from './cluster';
import { errorMessage, isItemRefusal } from './error-message';

/** Rewrites in flight at once. */
const UPDATE_CONCURRENCY = 8;

export interface SettleResult {
  /** The timeline as it is after the run: copies that joined an earlier story removed, their representatives updated. */
  timeline: StoredStory[];
  /** Stories that joined an earlier one (the others it settled became representatives). */
  joined: number;
  /** Stories the store refused to rewrite (an item-level error): left as they were, the others settled. */
  refused?: Array<{ id: string; error: string }>;
}

const isRepresentative = (s: StoredStory): boolean => s.decision.kept && (s.clusterId === undefined || s.clusterId === s.id);

/**
 * Settles the unsettled stories of `timeline` (newest first, as the timeline index gives it, deep enough to hold
 * THRESHOLDS.MAX_GAP_HOURS, how far apart two copies can be, before the unsettled ones) and returns the timeline
 * it leaves.
 */
export async function settleClusters(stories: StoryStore, timeline: StoredStory[], keptDays = DEFAULT_RETENTION.keptDays): Promise<SettleResult> {
  const reps = timeline.filter(isRepresentative);
  const unsettled = reps.filter((s) => s.clusterId === undefined);
  if (unsettled.length === 0) return { timeline, joined: 0 };
  const plans = planClusters(unsettled, reps.filter((s) => s.clusterId !== undefined));

  const byId = new Map(reps.map((s) => [s.id, s] as const));
  /** What clustering compares, computed by planClusters for each unsettled story: stored when it is settled. */
  const keys = new Map(plans.map(({ story: { id, signature, normalizedTitle, crossKey } }) => [id, { signature, normalizedTitle, crossKey }] as const));
  /** The representatives to write, by id, with the entries each gains (a newly settled one is written with none). */
  const gains = new Map<string, AlsoReported[]>();
  /** `settles`: written even with no entries (a story settled as a representative now). */
  const gain = (repId: string, entries: AlsoReported[], settles = false): void => {
    if (entries.length || settles) gains.set(repId, [...(gains.get(repId) ?? []), ...entries]);
  };
  const joins: Array<{ copy: StoredStory; into: string }> = [];
  for (const plan of plans) {
    const stored = byId.get(plan.story.id)!;
    const into = plan.story.clusterId!;
    if (into === stored.id) {
      // A representative now; it gained the entries of copies planned after it.
      gain(stored.id, added(stored, plan.story), true);
    } else {
      joins.push({ copy: stored, into }); // (unsettled, so it has gathered no entries of its own)
    }
    if (plan.representative) gain(plan.representative.id, added(byId.get(plan.representative.id)!, plan.representative));
  }
  const moved = new Set(joins.map((j) => j.copy.id));
  const expires = (s: StoredStory): number => Math.floor(Date.parse(s.firstSeen) / 1000) + keptDays * 86_400;

  // 1. the representatives' new entries, 2. the copies off the timeline (see the header for the order). A story
  // the store refuses (an item-level error) is left as it was and reported; any other failure fails the run.
  const refused: Array<{ id: string; error: string }> = [];
  const failOn = (ids: string[], outcomes: Array<PromiseSettledResult<unknown>>): Set<string> => {
    const failed = new Set<string>();
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') return;
      if (!isItemRefusal(o.reason)) throw o.reason;
      failed.add(ids[i]!);
      refused.push({ id: ids[i]!, error: errorMessage(o.reason) });
    });
    return failed;
  };
  const written = new Map<string, StoredStory>();
  const repWrites = [...gains].filter(([id]) => !moved.has(id));
  const repsRefused = failOn(repWrites.map(([id]) => id), await settleAll(repWrites, UPDATE_CONCURRENCY, async ([id, entries]) => {
    const rep = byId.get(id)!;
    written.set(id, await rewriteStory(stories, rep, (base) => ({ ...withEntries(base, entries), ...keys.get(id), clusterId: base.clusterId ?? base.id }), expires, 'not settled'));
  }));
  // A copy of a representative whose entries were not written stays as it is: its outlet would be listed nowhere.
  const joining = joins.filter((j) => !repsRefused.has(j.into));
  const joinsRefused = failOn(joining.map((j) => j.copy.id), await settleAll(joining, UPDATE_CONCURRENCY, ({ copy, into }) =>
    rewriteStory(stories, copy, (base) => ({ ...base, clusterId: into, alsoReported: undefined }), expires, `not joined to ${into}`)));
  const left = new Set(joining.map((j) => j.copy.id).filter((id) => !joinsRefused.has(id)));
  return {
    timeline: timeline.filter((s) => !left.has(s.id)).map((s) => written.get(s.id) ?? s),
    joined: left.size,
    ...(refused.length ? { refused } : {}),
  };
}

/**
 * Reads the timeline a settle needs from the store — the stories published in the last 2 × MAX_GAP_HOURS —
 * then settles it (`poll --once`, which renders nothing).
 */
export async function settleRecent(stories: StoryStore, now: Date): Promise<SettleResult> {
  const since = new Date(now.getTime() - 2 * THRESHOLDS.MAX_GAP_HOURS * 3_600_000).toISOString();
  return settleClusters(stories, await stories.recent(since, 5000));
}

/** The entries `after` has that `before` had not. */
function added(before: StoredStory, after: StoredStory): AlsoReported[] {
  const had = new Set((before.alsoReported ?? []).map((a) => a.id));
  return (after.alsoReported ?? []).filter((a) => !had.has(a.id));
}

/** `base` with `entries` added: an outlet once (by name or by site), never the story's own, at most MAX_ALSO_REPORTED. */
function withEntries(base: StoredStory, entries: AlsoReported[]): StoredStory {
  const list = [...(base.alsoReported ?? [])];
  const names = new Set([outletName(base), ...list.map((a) => a.source)]);
  const sites = new Set([outletSite(base), ...list.map((a) => a.site)].filter((x) => x !== undefined));
  for (const e of entries) {
    if (list.length >= MAX_ALSO_REPORTED) break;
    if (names.has(e.source) || (e.site !== undefined && sites.has(e.site))) continue;
    names.add(e.source);
    if (e.site !== undefined) sites.add(e.site);
    list.push(e);
  }
  return { ...base, alsoReported: list };
}

/**
 * `story` rewritten as `change(base)`, conditional on the revision of `base`; returns what was written. The first
 * try takes `story` as read, each later one reads it again after a conflictPause, up to REVISION_TRIES.
 */
async function rewriteStory(
  stories: StoryStore,
  story: StoredStory,
  change: (base: StoredStory) => StoredStory,
  expires: (s: StoredStory) => number,
  failure: string,
): Promise<StoredStory> {
  for (let attempt = 0; attempt < REVISION_TRIES; attempt++) {
    if (attempt > 0) await conflictPause(attempt);
    const base = attempt === 0 ? story : await stories.getStory(story.id);
    if (!base) throw new Error(`store: story ${story.id} is gone; ${failure}`);
    const next = change(base);
    if (await stories.updateStory(next, expires(next), base.rev ?? 0)) return { ...next, rev: (base.rev ?? 0) + 1 };
  }
  throw new Error(`store: story ${story.id} kept changing; ${failure}`);
}

/** Conditional rewrites of one story tried before giving up (the revision moved under each). */
const REVISION_TRIES = 8;

/** A random pause before the next try of a conditional rewrite that lost to another writer. */
const conflictPause = (attempt: number): Promise<void> => sleep(Math.random() * 5 * 2 ** attempt);
