/**
 * The site: every route a reader can ask for, rendered from one read of the timeline into objects (a key, the
 * bytes, Content-Type and Cache-Control) that a SiteSink stores and a static server (S3 + CloudFront, or the
 * local folder server) answers with ETag / Last-Modified / 304 computed from those bytes. Pure: the stories,
 * the source report and the time come in as parameters.
 *
 *   index.html                     the HTML page at `/`
 *   feed.xml feed.atom feed.json   the newest `maxItems` kept stories, newest first
 *   topics/<name>.{xml,atom,json}  the same, one topic of the rules
 *   archive/<day>.{xml,atom,json}  RFC 5005 archive documents, one per UTC day of the stories' published dates
 *   sources.json sources.opml feed.xsl
 *
 * Archives (RFC 5005 §4) are fixed: a story's page is the day it was published, so it never moves; a day stays
 * open for ARCHIVE_OPEN_DAYS after it ends (late copies of a day's stories still arrive), is then written one
 * last time with a long, immutable Cache-Control and never again (`fixed`), even when its stories expire from
 * the table. A story arriving after its day closed is in the feeds but in no archive page. The current feed links to the page of its oldest story's day (rel="prev-archive"): that page and
 * the ones before it hold every older story, so a reader walking prev-archive misses nothing. While the current
 * feed holds the whole timeline there are no archive pages (nor links to them).
 */
import { renderFeedDetailed, type FeedFormat, type FeedMeta, type SkippedItem } from './render';
import { renderIndexPage, renderOpml, type FeedUrls } from './html-page';
import { FEED_XSL } from './assets/feed-xsl';
import type { FeedSettings, SourceConfig } from './source';
import { timelineKey, type StoredStory } from './story';

export interface SiteObject {
  /** The object's key: the route without its leading slash (`/` is `index.html`). */
  key: string;
  body: Buffer;
  contentType: string;
  cacheControl: string;
  /** Written once in its final form and then never again (a closed archive day). */
  fixed?: boolean;
}

export interface SiteInput {
  settings: FeedSettings;
  topics: string[];
  sourceConfigs: SourceConfig[];
  /** The timeline newest first, as deep as `timelineDepth` asks for; `complete` when it is the whole timeline. */
  timeline: { stories: StoredStory[]; complete: boolean };
  /** `/sources.json`'s document. */
  sourcesReport: unknown;
  /** When the feed version was last bumped (the `updated` of an empty feed). */
  versionUpdatedAt?: string;
  now: Date;
}

/** Days an archive page stays open after its day ended (a story published then can still arrive). */
export const ARCHIVE_OPEN_DAYS = 3;
/** Stories scanned for the topic feeds (the newest this many of the timeline). */
export const TOPIC_SCAN = 1000;

const FEED_CACHE = 'public, max-age=300';
const FIXED_CACHE = 'public, max-age=31536000, immutable';
const EXT: Record<FeedFormat, string> = { rss: 'xml', atom: 'atom', json: 'json' };
const FORMATS: FeedFormat[] = ['rss', 'atom', 'json'];
/**
 * RSS and Atom go out as application/xml: a static origin cannot negotiate on Accept, and browsers apply the
 * feed's XSLT (`/feed.xsl`) to application/xml but show or download application/rss+xml and atom+xml. Feed
 * readers decide by the document, not the type.
 */
const CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/xml; charset=utf-8',
  atom: 'application/xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const DAY_MS = 86_400_000;

/** How far back the timeline must be read: every open archive day, one older story, and the topic scan. */
export function timelineDepth(now: Date): { sinceDay: string; minStories: number } {
  return { sinceDay: dayOf(new Date(now.getTime() - (ARCHIVE_OPEN_DAYS + 1) * DAY_MS).toISOString()), minStories: TOPIC_SCAN };
}

/** Every object of the site. `skipped`: items a format could not carry (logged by the caller). */
export function renderSite(input: SiteInput): { objects: SiteObject[]; skipped: SkippedItem[] } {
  const { settings, now } = input;
  const base = settings.baseUrl.replace(/\/+$/, '');
  const maxItems = settings.maxItems > 0 ? settings.maxItems : 50;
  const stories = input.timeline.stories;
  const newest = stories.slice(0, maxItems);
  const objects: SiteObject[] = [];
  const skipped: SkippedItem[] = [];
  const emptyUpdated = input.versionUpdatedAt ? new Date(input.versionUpdatedAt) : new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const updatedOf = (page: StoredStory[]) => lastModified(page, now) ?? emptyUpdated;
  const feedUrls = (prefix: string): FeedUrls => ({ rss: `${base}${prefix}.xml`, atom: `${base}${prefix}.atom`, json: `${base}${prefix}.json` });
  // A current document that holds the whole timeline needs no archive (and links none).
  const archived = stories.length > maxItems || !input.timeline.complete;
  const days = archived ? archiveDays(input.timeline, now).render : [];

  const feedDoc = (key: string, format: FeedFormat, page: StoredStory[], meta: Omit<FeedMeta, 'updated' | 'description' | 'language' | 'homeUrl' | 'hubUrl'>, cache = FEED_CACHE, fixed = false) => {
    const r = renderFeedDetailed(format, page, {
      description: settings.description,
      language: settings.language,
      homeUrl: `${base}/`,
      hubUrl: settings.hubUrl,
      updated: updatedOf(page),
      ...meta,
    });
    skipped.push(...r.skipped);
    objects.push({ key, body: Buffer.from(r.body, 'utf8'), contentType: CONTENT_TYPE[format], cacheControl: cache, ...(fixed ? { fixed } : {}) });
  };
  // Relative, so the browser fetches the stylesheet from the origin it is on (XSLT must be same-origin).
  const stylesheet = (format: FeedFormat, nested: boolean) => (format === 'json' ? undefined : nested ? '../feed.xsl' : 'feed.xsl');
  const archiveUrl = (day: string, format: FeedFormat) => `${base}/archive/${day}.${EXT[format]}`;

  // The main feeds: prev-archive is the day of the oldest story shown (see the header).
  const oldestDay = archived && newest.length ? dayOf(newest[newest.length - 1]!.published) : undefined;
  for (const format of FORMATS) {
    const ext = EXT[format];
    feedDoc(`feed.${ext}`, format, newest, {
      title: settings.title,
      selfUrl: `${base}/feed.${ext}`,
      stylesheetUrl: stylesheet(format, false),
      archive: { prev: oldestDay ? archiveUrl(oldestDay, format) : undefined },
    });
  }

  // Topic feeds: the newest maxItems of the topic among the newest TOPIC_SCAN stories.
  const scanned = stories.slice(0, TOPIC_SCAN);
  for (const topic of input.topics) {
    const page = scanned.filter((s) => s.decision.topics.includes(topic)).slice(0, maxItems);
    for (const format of FORMATS) {
      const path = `topics/${encodeURIComponent(topic)}.${EXT[format]}`;
      feedDoc(`topics/${topic}.${EXT[format]}`, format, page, { title: `${settings.title} — ${topic}`, selfUrl: `${base}/${path}`, stylesheetUrl: stylesheet(format, true) });
    }
  }

  // Archive days: every day the read covers whole; the closed ones fixed (the sink writes them once, then skips them).
  for (const d of days) {
    for (const format of FORMATS) {
      feedDoc(`archive/${d.day}.${EXT[format]}`, format, d.stories, {
        title: `${settings.title} — ${d.day}`,
        selfUrl: archiveUrl(d.day, format),
        id: `${base}/feed.${EXT[format]}`,
        stylesheetUrl: stylesheet(format, true),
        archive: {
          prev: d.prev ? archiveUrl(d.prev, format) : undefined,
          next: d.next ? archiveUrl(d.next, format) : undefined,
          current: `${base}/feed.${EXT[format]}`,
          isArchive: true,
        },
      }, d.closed ? FIXED_CACHE : FEED_CACHE, d.closed);
    }
  }

  const html = renderIndexPage({
    title: settings.title,
    description: settings.description,
    language: settings.language,
    feeds: feedUrls('/feed'),
    topics: input.topics.map((name) => ({ name, feeds: feedUrls(`/topics/${encodeURIComponent(name)}`) })),
    sourcesJsonUrl: `${base}/sources.json`,
    opmlUrl: `${base}/sources.opml`,
    stories: newest,
    updated: updatedOf(newest),
  });
  objects.push({ key: 'index.html', body: Buffer.from(html, 'utf8'), contentType: 'text/html; charset=utf-8', cacheControl: FEED_CACHE });
  objects.push({ key: 'feed.xsl', body: Buffer.from(FEED_XSL, 'utf8'), contentType: 'text/xsl; charset=utf-8', cacheControl: 'public, max-age=86400' });
  const opml = renderOpml({ title: settings.title, sources: input.sourceConfigs, ownerUrl: `${base}/` });
  objects.push({ key: 'sources.opml', body: Buffer.from(opml, 'utf8'), contentType: 'text/x-opml; charset=utf-8', cacheControl: FEED_CACHE });
  objects.push(sourcesObject(input.sourcesReport));
  // Pages before the documents that link to them: a reader following a link never finds it missing.
  const rank = (key: string) => (key.startsWith('archive/') ? 0 : key.startsWith('topics/') ? 1 : key.startsWith('feed.') || key === 'index.html' ? 3 : 2);
  return { objects: objects.sort((a, b) => rank(a.key) - rank(b.key)), skipped };
}

/** `/sources.json` alone (after a polling round that changed no story). */
export function sourcesObject(report: unknown): SiteObject {
  return { key: 'sources.json', body: Buffer.from(JSON.stringify(report, null, 2), 'utf8'), contentType: 'application/json; charset=utf-8', cacheControl: 'public, max-age=60' };
}

interface ArchiveDay {
  day: string;
  stories: StoredStory[];
  prev?: string;
  next?: string;
  closed: boolean;
}

/**
 * The archive days to write: every day of the read that it covers whole (it reached an older story, or the
 * timeline's end). Days that ended more than ARCHIVE_OPEN_DAYS ago are closed: the sink writes them once in
 * that form and skips them from then on, so a quiet spell that let a day close unseen loses nothing.
 */
function archiveDays(timeline: SiteInput['timeline'], now: Date): { render: ArchiveDay[] } {
  const byDay = new Map<string, StoredStory[]>();
  for (const s of timeline.stories) {
    const day = dayOf(s.published);
    const list = byDay.get(day);
    if (list) list.push(s);
    else byDay.set(day, [s]);
  }
  const order = [...byDay.keys()]; // newest first, as the timeline
  const oldestRead = order[order.length - 1];
  const closesAfter = dayOf(new Date(now.getTime() - ARCHIVE_OPEN_DAYS * DAY_MS).toISOString());
  const render: ArchiveDay[] = [];
  order.forEach((day, i) => {
    if (day === oldestRead && !timeline.complete) return; // the read may have stopped inside this day
    render.push({ day, stories: byDay.get(day)!, prev: order[i + 1], next: order[i - 1], closed: day < closesAfter });
  });
  return { render };
}

/** The UTC day of a story's published date (its timeline key starts with it). */
export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The newest first-seen time on a page, never later than now (RFC 9110 §8.8.2.1). */
function lastModified(stories: StoredStory[], now: Date): Date | undefined {
  const times = stories.map((s) => Date.parse(s.firstSeen)).filter((t) => !Number.isNaN(t));
  if (!times.length) return undefined;
  return new Date(Math.min(Math.max(...times), now.getTime()));
}

/** The story's timeline key (re-exported for the publisher's lag check). */
export { timelineKey };
