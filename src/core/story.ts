/**
 * The one internal model. Every feed format is normalized into `Story` at the parse/normalize boundary
 * (core/normalize.ts); library types (rss-parser, feed) never travel past it.
 *
 * Invariants a Story upholds once built by normalize():
 * - `id` is stable for the same story across polls (see core/dedupe.ts for the fallback chain).
 * - `link` is absolute (http/https) or empty; `title` and `summary` are plain text (no markup).
 * - `content` is sanitized HTML or undefined.
 * - `published` is an ISO-8601 UTC timestamp; when the feed gave no parseable date it is the first-seen time
 *   and `publishedFromFeed` is false.
 */
export interface Story {
  id: string;
  title: string;
  link: string;
  /** The link in canonical form (tracking parameters dropped, etc.); used for identity and dedupe. */
  canonicalUrl: string;
  summary: string;
  content?: string;
  published: string;
  publishedFromFeed: boolean;
  /** The feed's own date when it lay outside the window around first sight and `published` was clamped. */
  publishedInFeed?: string;
  /** The lead of the article page, when the enrich stage read it to decide (at most LEAD_MAX characters). */
  articleLead?: string;
  author?: string;
  language?: string;
  /** Categories the source feed gave the item (not the rules' topics). */
  categories: string[];
  /** The item's own GUID / Atom id, if any. */
  guid?: string;
  /** The outlet an aggregator names for the item (Google News's publisher, from RSS `<source>`), if any. */
  outlet?: string;
  /** That outlet's site, as the aggregator gives it (RSS `<source url>`), if any. */
  outletUrl?: string;
  source: SourceRef;
}

/**
 * The site a story's outlet publishes on, the host without `www.`: the site an aggregator gives for the
 * publisher it names (Google News's `<source url>`), else the story's own link. Undefined for a publisher named
 * without a site (its copies link to the aggregator, whose host says nothing of who published them). A Google
 * News copy of an outlet that has a feed of its own has that outlet's site, so it is known as the same outlet.
 */
export function outletSite(s: Pick<Story, 'outlet' | 'outletUrl' | 'canonicalUrl' | 'link'>): string | undefined {
  if (s.outletUrl) return hostOf(s.outletUrl);
  if (s.outlet) return undefined;
  return hostOf(s.canonicalUrl || s.link);
}

/** The host of a link without `www.`, or undefined when it does not parse. */
function hostOf(link: string): string | undefined {
  try {
    return new URL(link).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The name "also reported by" gives a story's outlet: the publisher an aggregator named, else the source. */
export function outletName(s: Pick<Story, 'outlet' | 'source'>): string {
  return s.outlet ?? s.source.name;
}

/** Who a reader is told a story is from: the publisher an aggregator named, and the source it came through. */
export function sourceLabel(s: Pick<Story, 'outlet' | 'source'>): string {
  return s.outlet ? `${s.outlet} (via ${s.source.name})` : s.source.name;
}

export interface SourceRef {
  id: string;
  name: string;
  /** The feed URL. */
  url: string;
  /** The site's home page, when the feed says. */
  siteUrl?: string;
}

/** One term occurrence that contributed to a decision. Offsets index the field's normalized text. */
export interface MatchEvidence {
  rule: string;
  group?: string;
  term: string;
  field: 'title' | 'summary' | 'content' | 'source' | 'article';
  start: number;
  end: number;
  /** The matched text as it appears (normalized). */
  text: string;
}

/** What the rules decided about one story, with the reason. */
export interface Decision {
  kept: boolean;
  /** Topics (rule names / topic labels) that fired; published as feed categories. */
  topics: string[];
  /** The rule that decided (the first keep rule that fired, or the exclude rule), if any. */
  rule?: string;
  score: number;
  matches: MatchEvidence[];
  /** One human-readable line: why kept or dropped. */
  reason: string;
}

/** Other outlets' copies of the same story, shown as "Also reported by". */
export interface AlsoReported {
  id: string;
  source: string;
  link: string;
  title: string;
  /** The copy's outlet site (outletSite), when it has one: an outlet is listed once by name or by site. */
  site?: string;
}

/** A story as stored and published: the story, the decision, and its cluster. */
export interface StoredStory extends Story {
  decision: Decision;
  firstSeen: string;
  /**
   * Id of the cluster's representative story; equals `id` for a representative. A kept story is stored without
   * one (unsettled, on the timeline) until publish compares it with the others (pipeline/settle-clusters.ts).
   */
  clusterId?: string;
  alsoReported?: AlsoReported[];
  /** MinHash signature of the body text (`m1:…`, core/dedupe/signature.ts); stored when publish settles the story (pipeline/settle-clusters.ts). */
  signature?: string;
  /** Title without wire tags ("(LEAD)", "UPDATE 1-", "[속보]"), normalized for comparison; stored when publish settles the story (pipeline/settle-clusters.ts). */
  normalizedTitle?: string;
  /** Writing system and named entities for cross-language matching (core/dedupe/crosslang.ts crossKeyOf); stored when publish settles the story (pipeline/settle-clusters.ts). */
  crossKey?: string;
  /** Revision of the stored record, for optimistic concurrency on updates (absent = never updated). */
  rev?: number;
}

/**
 * A story's position on the published timeline: `<published ISO>#<id>`. Sorts by time, unique per story; the
 * stores index it (DynamoDB GSI `byTime`) and archive pages are keyed by it.
 */
export function timelineKey(s: Pick<Story, 'published' | 'id'>): string {
  return `${s.published}#${s.id}`;
}

export interface ParsedFeed {
  title?: string;
  link?: string;
  language?: string;
  /** `<ttl>` in minutes, when the feed gives one. */
  ttlMinutes?: number;
  stories: Story[];
  /** Set when the feed had more items than the limit: how many it had, how many were left out. */
  itemsOverLimit?: { total: number; removed: number };
}

export interface Retention {
  /** Days a kept story is stored. */
  keptDays: number;
  /** Days a dropped story is stored (so `rules apply` can reconsider recent items). */
  droppedDays: number;
}

export const DEFAULT_RETENTION: Retention = { keptDays: 90, droppedDays: 7 };
