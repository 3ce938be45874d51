/**
 * Dedupe / cluster plan: decides, for each recent story, whether it is a copy of an earlier one, and plans the
 * writes (settle-clusters.ts makes them, after the polls).
 *
 * Semantics:
 * - A cluster is one published story plus the copies that joined it. Its *representative* — the one item on the
 *   published timeline — is the cluster's first *seen* copy (by firstSeen, then published, then id), and it
 *   never changes: electing a later-found but earlier-dated copy would swap the feed item (a new GUID in every
 *   reader) for the same news.
 * - A story is compared (core/dedupe/similarity.ts) with the earlier representatives (`recent`: read from the
 *   timeline index, never a table scan) and with the representatives planned before it in the same call. It
 *   joins the most similar matching representative: its `clusterId` is set to the representative's id, which
 *   takes it off the timeline. Without a same-language match, a Korean or Chinese story may join an English one
 *   (or the reverse) on shared named entities and time (core/dedupe/crosslang.ts) — only when exactly one
 *   representative has strong evidence.
 * - A copy from another outlet adds one `alsoReported` entry (source name, link, title, id) to the
 *   representative; an outlet is listed at most once and never when it is the representative's own outlet
 *   (same source id, or the same outlet site: the link's host, or the site an aggregator gives for the publisher),
 *   so a republish under a new GUID/URL, or Google News's copy of the outlet's own story, joins silently.
 * - A representative of `recent` that gained entries is returned once, carried by the last plan that joins it
 *   (ClusterPlan.representative); one of `fresh` carries its entries in its own plan's story.
 * - Every `fresh` story gets `signature`, `normalizedTitle` and `crossKey` when it lacks them, and
 *   settle-clusters.ts stores them with each representative it settles, so a comparison never tokenizes a stored
 *   story or extracts its entities again. The `recent` stories are not copied unless one gains an "also reported
 *   by" entry.
 */
import { THRESHOLDS, compare, crossKeyOf, crossMatch, entities, fingerprint, normalizeTitle, readCrossKey, signatureOf, writingOf, type CrossCandidate, type Fingerprint } from '../core/dedupe';
import { outletName, outletSite, type AlsoReported, type StoredStory } from '../core/story';

export interface ClusterPlan {
  /** The new story, with clusterId set (to its own id for a new representative, else the representative's). */
  story: StoredStory;
  /** The stored representative to rewrite with new "also reported by" entries, when this plan carries it. */
  representative?: StoredStory;
}

/** Upper bound on "also reported by" entries per story (a feed item stays readable). */
export const MAX_ALSO_REPORTED = 30;

interface Rep {
  story: StoredStory;
  fp: Fingerprint;
  cross: CrossCandidate<Rep> | undefined;
  stored: boolean;
  /** A stored representative's story is the caller's object until it gains an entry; then this copy. */
  copied: boolean;
  dirty: boolean;
  /** Index of the last plan that joined this representative. */
  lastJoin?: number;
}

/** A copy of the story with what clustering compares, each computed only when the story lacks it. */
function withClusterKeys(original: StoredStory): StoredStory {
  return {
    ...original,
    signature: original.signature ?? signatureOf(original),
    normalizedTitle: original.normalizedTitle ?? normalizeTitle(original.title, original.source.name, original.outlet),
    crossKey: original.crossKey ?? crossKeyOf(crossText(original)),
  };
}

export function planClusters(fresh: StoredStory[], recent: StoredStory[]): ClusterPlan[] {
  const reps: Rep[] = recent
    .filter((s) => s.clusterId === undefined || s.clusterId === s.id)
    .map((s) => ({ story: s, fp: fingerprint(s), cross: undefined, stored: true, copied: false, dirty: false }));
  const ordered = [...fresh].sort(firstSeenOrder);
  const plans: ClusterPlan[] = [];
  for (const original of ordered) {
    const story = withClusterKeys(original);
    const fp = fingerprint(story);
    const rep = bestMatch(fp, reps) ?? crossLanguageMatch(story, reps);
    if (!rep) {
      story.clusterId = story.id;
      reps.push({ story, fp, cross: undefined, stored: false, copied: true, dirty: false });
      plans.push({ story });
      continue;
    }
    story.clusterId = rep.story.id;
    if (!rep.copied) {
      rep.story = structuredClone(rep.story);
      rep.copied = true;
    }
    if (addAlsoReported(rep.story, story)) rep.dirty = true;
    if (rep.stored) rep.lastJoin = plans.length;
    plans.push({ story });
  }
  for (const rep of reps) {
    if (rep.stored && rep.dirty && rep.lastJoin !== undefined) plans[rep.lastJoin]!.representative = rep.story;
  }
  return plans;
}

/** The order in which a cluster's copies count as found: first seen, then published, then id. */
export function firstSeenOrder(a: StoredStory, b: StoredStory): number {
  if (a.firstSeen !== b.firstSeen) return a.firstSeen < b.firstSeen ? -1 : 1;
  if (a.published !== b.published) return a.published < b.published ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The representative the story duplicates, by the strongest evidence (containment, then title), if any. */
function bestMatch(fp: Fingerprint, reps: Rep[]): Rep | undefined {
  let best: { rep: Rep; score: number } | undefined;
  const maxGapMs = THRESHOLDS.MAX_GAP_HOURS * 3_600_000;
  for (const rep of reps) {
    // compare() says "too far apart" past the gap (NaN dates included); skip those pairs before its work.
    if (!(Math.abs(fp.publishedMs - rep.fp.publishedMs) <= maxGapMs)) continue;
    const c = compare(fp, rep.fp);
    if (!c.duplicate) continue;
    const score = c.containment + c.title / 10;
    if (!best || score > best.score) best = { rep, score };
  }
  return best?.rep;
}

/** Cross-language fallback (core/dedupe/crosslang.ts): entities and time, only when unambiguous. */
function crossLanguageMatch(story: StoredStory, reps: Rep[]): Rep | undefined {
  const self = crossOf(story);
  return crossMatch(self, reps.map((r) => (r.cross ??= { ...crossOf(r.story), item: r })));
}

function crossText(s: Pick<StoredStory, 'title' | 'summary'>): string {
  return `${s.title}\n${s.summary}`;
}

function crossOf(s: StoredStory): Omit<CrossCandidate<Rep>, 'item'> {
  const stored = readCrossKey(s.crossKey);
  if (stored) return { ...stored, publishedMs: Date.parse(s.published) };
  const text = crossText(s);
  return { entities: entities(text), writing: writingOf(text), publishedMs: Date.parse(s.published) };
}

/**
 * Who published a story: its outlet's site (outletSite: the site an aggregator gives for the publisher it names,
 * else its own link's host), else the publisher's name. Every Google News link is on news.google.com and every
 * item of one search feed has one source, so without the outlet two publishers' copies would count as one; with
 * its site, a Google News copy of Yonhap is Yonhap, the outlet of Yonhap's own feed.
 */
function outletOf(s: StoredStory, site = outletSite(s)): string {
  return site ?? (s.outlet ? `outlet:${s.outlet.toLowerCase()}` : `source:${s.source.id}`);
}

/** Adds `copy` to the representative's "also reported by" list unless its outlet is already there. */
function addAlsoReported(rep: StoredStory, copy: StoredStory): boolean {
  const list: AlsoReported[] = rep.alsoReported ?? [];
  const site = outletSite(copy);
  const outlet = outletOf(copy, site);
  // One source is one outlet, unless an aggregator names each item's publisher.
  const sameSource = copy.source.id === rep.source.id && !(copy.outlet && rep.outlet);
  if (sameSource || outlet === outletOf(rep)) return false;
  if (list.length >= MAX_ALSO_REPORTED) return false;
  const name = outletName(copy);
  if (list.some((a) => a.source === name || (a.site ?? outletSite({ link: a.link, canonicalUrl: '' })) === outlet)) return false;
  rep.alsoReported = [...list, { id: copy.id, source: name, link: copy.link, title: copy.title, ...(site ? { site } : {}) }];
  return true;
}
