/**
 * Raw feed entries → Story (the one model, core/story.ts). parse.ts turns the parser library's output into
 * the neutral `RawFeed` below; this file applies the model's rules, in this order per item:
 *
 * - base URL: the item's xml:base, else the feed's xml:base, else the channel link when absolute, else the
 *   document URL (ctx.baseUrl, the URL after redirects, or the source URL). A relative xml:base is itself
 *   resolved against the level above it (XML Base §4).
 * - link: the item link resolved against that base; when missing, an RSS `<guid>` that is a permalink
 *   (isPermaLink not "false") and an absolute http(s) URL; anything that is not http(s) becomes ''.
 * - title: plain text. RSS titles are HTML in practice (entity-escaped markup), Atom titles follow their
 *   `type`; an empty title falls back to the start of the summary.
 * - summary: plain text of the description/summary (or of the content), whitespace collapsed, at most
 *   SUMMARY_MAX characters, cut at a word boundary with an ellipsis.
 * - content: the richest HTML (content:encoded / Atom content, else the description), sanitized, with URLs made
 *   absolute; undefined when empty.
 * - published: the first candidate date that parses (RSS pubDate, Atom published, then updated/dc:date, …);
 *   none → ctx.now with publishedFromFeed=false, so a dateless feed still sorts by first sight.
 * - id: core/identity.ts (canonical link → GUID → title+content).
 */
import { canonicalUrl, storyId } from './identity';
import { parseDate } from './dates';
import { htmlToText, resolveUrl, sanitizeHtml } from './sanitize';
import type { ParsedFeed, SourceRef, Story } from './story';

export const SUMMARY_MAX = 1000;
const TTL_MAX_MINUTES = 7 * 24 * 60;

/**
 * Field limits, applied to the raw strings before anything else (HTML to text, the sanitizer, the rules, the
 * store) sees them, so one hostile item costs its own bytes only. Real items are far below every one.
 * `raw` caps the input (characters of HTML), the others the output.
 */
export const LIMITS = {
  /** A headline: raw HTML, then the plain text. */
  rawTitle: 4_000,
  title: 500,
  /** The description's HTML, before it becomes the (SUMMARY_MAX) plain-text summary. */
  rawSummary: 100_000,
  /** Article HTML before sanitizing: ≤ 150 KB stored even in CJK, well under DynamoDB's 400 KB per item. */
  rawContent: 50_000,
  author: 200,
  outlet: 200,
  categories: 32,
  category: 200,
  /** A link longer than this is not a real article address: the item gets no link (and is not published). */
  link: 2_048,
  guid: 1_024,
} as const;

const cap = (s: string | undefined, max: number): string | undefined => (s !== undefined && s.length > max ? s.slice(0, max) : s);

export interface RawItem {
  title?: string;
  /** Whether `title` is HTML (RSS, Atom type="html"/"xhtml") or plain text (Atom type="text"). */
  titleIsHtml: boolean;
  link?: string;
  /** xml:base in scope for the item (may be relative to the feed's). */
  base?: string;
  guid?: string;
  /** RSS guid@isPermaLink; undefined when absent (RSS 2.0 default: true). */
  guidIsPermaLink?: boolean;
  /** Candidate date strings, best first. */
  dates: string[];
  author?: string;
  categories: string[];
  /** HTML of the description / Atom summary. */
  summary?: string;
  /** HTML of content:encoded / Atom content. */
  content?: string;
  language?: string;
  /** The outlet an aggregator names for the item (RSS `<source>`, Atom `<source><title>`). */
  outlet?: string;
  /** That outlet's site (RSS `<source url>`). */
  outletUrl?: string;
}

export interface RawFeed {
  title?: string;
  titleIsHtml: boolean;
  link?: string;
  base?: string;
  language?: string;
  ttl?: string;
  items: RawItem[];
}

export interface NormalizeContext {
  source: SourceRef;
  now: Date;
  /** The document URL after redirects, when it differs from source.url. */
  baseUrl?: string;
}

export function normalizeFeed(raw: RawFeed, ctx: NormalizeContext): ParsedFeed {
  const docUrl = (ctx.baseUrl && resolveUrl(ctx.baseUrl)) || ctx.source.url;
  const feedBase = resolveUrl(raw.base ?? '', docUrl) ?? docUrl;
  const feedLink = raw.link ? resolveUrl(raw.link, feedBase) : undefined;
  const itemBase = raw.base ? feedBase : (feedLink ?? feedBase);
  const source: SourceRef = ctx.source.siteUrl || !feedLink ? ctx.source : { ...ctx.source, siteUrl: feedLink };
  const feedLanguage = clean(raw.language);
  const itemCtx = { ...ctx, source };
  const stories = raw.items.map((item) => normalizeItem(item, itemCtx, itemBase, feedLanguage));
  return {
    title: textOf(raw.title, raw.titleIsHtml) || undefined,
    link: feedLink,
    language: feedLanguage,
    ttlMinutes: parseTtl(raw.ttl),
    stories,
  };
}

function normalizeItem(raw: RawItem, ctx: NormalizeContext, feedBase: string, feedLanguage?: string): Story {
  const item = limited(raw);
  const base = item.base ? (resolveUrl(item.base, feedBase) ?? feedBase) : feedBase;
  const guid = clean(item.guid);
  let link = item.link?.trim() ? (resolveUrl(item.link, base) ?? '') : '';
  if (!link && guid && item.guidIsPermaLink !== false && /^https?:\/\//i.test(guid)) link = resolveUrl(guid) ?? '';
  if (link.length > LIMITS.link) link = '';

  const summaryText = bound(htmlToText(item.summary ?? item.content ?? '', SUMMARY_MAX), SUMMARY_MAX);
  const html = item.content?.trim() ? item.content : item.summary;
  const content = html?.trim() ? sanitizeHtml(html, base) || undefined : undefined;
  const title = bound(textOf(item.title, item.titleIsHtml), LIMITS.title) || bound(summaryText, 120) || '';

  let published: Date | undefined;
  for (const candidate of item.dates) {
    published = parseDate(candidate);
    if (published) break;
  }
  const canonical = link ? canonicalUrl(link) : '';
  const outlet = bound(htmlToText(cap(item.outlet, 4 * LIMITS.outlet) ?? ''), LIMITS.outlet) || undefined;
  // Only beside a name, absolute http(s), and no longer than a link: it says whose site the copy is from.
  const outletUrl = outlet && item.outletUrl && item.outletUrl.length <= LIMITS.link ? resolveUrl(item.outletUrl) : undefined;
  return {
    id: storyId({ canonicalUrl: canonical, guid, title, content: content ?? summaryText, sourceId: ctx.source.id }),
    title,
    link,
    canonicalUrl: canonical,
    summary: summaryText,
    content,
    published: (published ?? ctx.now).toISOString(),
    publishedFromFeed: published !== undefined,
    author: item.author ? cap(authorName(htmlToText(item.author)), LIMITS.author) : undefined,
    language: cap(clean(item.language), 35) ?? feedLanguage,
    categories: [...new Set(item.categories.slice(0, LIMITS.categories).map((c) => bound(htmlToText(cap(c, 4 * LIMITS.category)!), LIMITS.category)).filter((c) => c !== ''))],
    guid,
    ...(outlet ? { outlet } : {}),
    ...(outletUrl ? { outletUrl } : {}),
    source: ctx.source,
  };
}

/** The raw item with every field cut to its limit (see LIMITS). */
function limited(item: RawItem): RawItem {
  return {
    ...item,
    title: cap(item.title, LIMITS.rawTitle),
    summary: cap(item.summary, LIMITS.rawSummary),
    content: cap(item.content, LIMITS.rawContent),
    author: cap(item.author, 4 * LIMITS.author),
    link: item.link !== undefined && item.link.length > LIMITS.link ? '' : item.link,
    guid: cap(item.guid, LIMITS.guid),
    dates: item.dates.slice(0, 8).map((d) => cap(d, 200)!),
  };
}

/**
 * A person's name from an RSS author field: RSS 2.0 wants "email (Name)", feeds also write "Name (email)" or
 * "Name <email>"; the name is kept, a bare email stays as it is.
 */
export function authorName(raw: string): string | undefined {
  const s = raw.replace(/\s+/g, ' ').trim();
  const m = /^(\S+@\S+) \((.+)\)$/.exec(s) ?? /^(.+?) ?[(<]\s*(\S+@[^)>\s]+)\s*[)>]$/.exec(s);
  if (m) return (m[1]!.includes('@') ? m[2]! : m[1]!).trim() || undefined;
  return s || undefined;
}

function textOf(value: string | undefined, isHtml: boolean): string {
  if (!value) return '';
  return isHtml ? htmlToText(value) : value.replace(/\s+/g, ' ').trim();
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** At most `max` characters, cut at the last word boundary in the final fifth, with an ellipsis. */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.8 ? cut.slice(0, space) : cut}…`;
}

function parseTtl(ttl: string | undefined): number | undefined {
  if (!ttl || !/^\s*\d+\s*$/.test(ttl)) return undefined;
  const n = Number(ttl);
  return n > 0 ? Math.min(n, TTL_MAX_MINUTES) : undefined;
}
