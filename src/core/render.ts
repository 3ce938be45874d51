/**
 * Stories → RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 documents. The only file that imports `feed`; its
 * types stop here.
 *
 * `feed` 6 builds the document skeleton; what it gets wrong we work around, tested in test/unit/render:
 * - Free text (titles, summaries, HTML content, names, topics) never reaches `feed` itself: each value goes in
 *   as an opaque token (`\uE000n\uE001`) and is substituted, XML-escaped, into the finished document. This
 *   sidesteps xml-js's text handling (a literal `&amp;` is "desanitized", a second `]]>` in CDATA ends the
 *   section) and Atom titles written as type="html" without escaping: entry titles become type="text".
 * - `feed` runs links and Atom ids through `new URL()` and throws on anything else, so links are checked here
 *   (absolute http/https) and ids are `urn:wiresieve:story:<id>`. An item that still cannot be rendered is
 *   skipped and reported, never allowed to break the document.
 * - What `feed` cannot express is added to the finished XML: RSS `<source url>` and `dc:creator` go in as
 *   item extensions; Atom `<source>`, `xml:lang`, RFC 5005 archive links and `<fh:archive/>` are inserted.
 * - JSON Feed: `feed` writes version 1; the output is upgraded to 1.1 (`authors`, `language`, `hubs`), with
 *   per-item extension `_wiresieve` (source, topics, explanation, also-reported-by) and `next_url` to the
 *   previous archive page.
 * Dates are always passed (`updated`), so `feed` never reads the clock.
 */
import { Feed, type Item } from 'feed';
import { sourceLabel, type StoredStory } from './story';
import { cleanText, escapeHtml, escapeXml, explainMatches, httpUrl } from './markup';

export type FeedFormat = 'rss' | 'atom' | 'json';

export interface FeedMeta {
  title: string;
  description: string;
  /** The URL this document is served from (rel="self", JSON `feed_url`). */
  selfUrl: string;
  /** The human-readable page (the HTML index). */
  homeUrl: string;
  /** Atom feed id; defaults to selfUrl (archive pages pass the current feed's URL). */
  id?: string;
  language: string;
  /** Feed-level updated time; required so nothing here reads the clock. */
  updated: Date;
  hubUrl?: string;
  /** XSLT stylesheet for RSS/Atom (`<?xml-stylesheet?>`). */
  stylesheetUrl?: string;
  /** RFC 5005 links. `isArchive` marks an archive document (`<fh:archive/>`). */
  archive?: { prev?: string; next?: string; current?: string; isArchive?: boolean };
}

export interface SkippedItem {
  id: string;
  reason: string;
}

export interface RenderResult {
  body: string;
  skipped: SkippedItem[];
}

const STORY_URN_PREFIX = 'urn:wiresieve:story:';
const FH_NS = 'http://purl.org/syndication/history/1.0';

/** One story, checked and shaped once for every format. */
interface Prepared {
  guid: string;
  title: string;
  link: string;
  date: Date;
  summary: string;
  contentHtml: string;
  author?: string;
  topics: string[];
  source: { name: string; url?: string; siteUrl?: string };
  story: StoredStory;
}

export function renderFeed(format: FeedFormat, stories: StoredStory[], meta: FeedMeta): string {
  return renderFeedDetailed(format, stories, meta).body;
}

export function renderFeedDetailed(format: FeedFormat, stories: StoredStory[], meta: FeedMeta): RenderResult {
  const skipped: SkippedItem[] = [];
  let items: Prepared[] = [];
  for (const s of stories) {
    const p = prepare(s);
    if (typeof p === 'string') skipped.push({ id: s.id, reason: p });
    else items.push(p);
  }
  try {
    return { body: renderOnce(format, items, meta), skipped };
  } catch {
    // Something we did not foresee: find the items that break `feed` one by one and drop them.
    items = items.filter((p) => {
      try {
        renderOnce(format, [p], meta);
        return true;
      } catch (err) {
        skipped.push({ id: p.story.id, reason: `render: ${(err as Error).message}` });
        return false;
      }
    });
    return { body: renderOnce(format, items, meta), skipped };
  }
}

function prepare(s: StoredStory): Prepared | string {
  const link = httpUrl(s.link);
  if (!link) return 'no absolute http(s) link';
  const date = new Date(s.published);
  if (Number.isNaN(date.getTime())) return 'unparseable published date';
  const summary = cleanText(s.summary ?? '').trim();
  const title = cleanText(s.title ?? '').trim() || summary.slice(0, 80) || s.source.name;
  const source = { name: cleanText(sourceLabel(s)), url: httpUrl(s.source.url), siteUrl: httpUrl(s.source.siteUrl) };
  return {
    guid: STORY_URN_PREFIX + encodeURIComponent(s.id),
    title,
    link,
    date,
    summary,
    contentHtml: storyHtml(s, summary, source),
    author: s.author ? cleanText(s.author).trim() || undefined : undefined,
    topics: (s.decision.topics ?? []).map(cleanText).filter(Boolean),
    source,
    story: s,
  };
}

/** The item body: the story text, then why it is in the feed, its source and who else reported it. */
function storyHtml(s: StoredStory, summary: string, source: Prepared['source']): string {
  const parts = [s.content ? s.content : summary ? `<p>${escapeHtml(summary)}</p>` : ''];
  parts.push(`<p><strong>Why it is here:</strong> ${escapeHtml(s.decision.reason)}</p>`);
  const matched = explainMatches(s);
  if (matched) parts.push(`<p><strong>Matched:</strong> ${escapeHtml(matched)}</p>`);
  const home = source.siteUrl ?? source.url;
  const name = escapeHtml(source.name);
  parts.push(`<p><strong>Source:</strong> ${home ? `<a href="${escapeHtml(home)}">${name}</a>` : name}</p>`);
  const also = (s.alsoReported ?? []).map((a) => {
    const href = httpUrl(a.link);
    const label = escapeHtml(a.source);
    return href ? `<a href="${escapeHtml(href)}" title="${escapeHtml(a.title)}">${label}</a>` : label;
  });
  if (also.length) parts.push(`<p><strong>Also reported by:</strong> ${also.join(', ')}</p>`);
  return cleanText(parts.filter(Boolean).join('\n'));
}

/** Values substituted into the finished XML; see the header comment. */
class Tokens {
  private readonly values: string[] = [];
  put(value: string): string {
    this.values.push(value);
    return `\uE000${this.values.length - 1}\uE001`;
  }
  fill(xml: string): string {
    return xml.replace(/<!\[CDATA\[\uE000(\d+)\uE001\]\]>|\uE000(\d+)\uE001/g, (_m, a?: string, b?: string) =>
      escapeXml(this.values[Number(a ?? b)] ?? ''),
    );
  }
}

function renderOnce(format: FeedFormat, items: Prepared[], meta: FeedMeta): string {
  if (format === 'json') return renderJson(items, meta);
  const t = new Tokens();
  const feed = new Feed({
    id: meta.id ?? meta.selfUrl,
    title: t.put(meta.title),
    description: t.put(meta.description),
    link: meta.homeUrl,
    feed: meta.selfUrl,
    hub: meta.hubUrl,
    language: meta.language,
    updated: meta.updated,
    generator: 'wiresieve',
    author: { name: t.put(meta.title) },
    stylesheet: meta.stylesheetUrl,
  });
  for (const p of items) feed.addItem(format === 'rss' ? rssItem(p, t) : atomItem(p, t));
  return format === 'rss' ? finishRss(feed.rss2(), meta, t) : finishAtom(feed.atom1(), items, meta, t);
}

function rssItem(p: Prepared, t: Tokens): Item {
  const extensions: NonNullable<Item['extensions']> = [];
  // RSS 2.0 <author> must be an e-mail address; a byline goes in dc:creator.
  if (p.author) extensions.push({ name: 'dc:creator', objects: { _text: t.put(p.author) } });
  const sourceAttrs = p.source.url ? { url: t.put(p.source.url) } : undefined;
  if (sourceAttrs) extensions.push({ name: 'source', objects: { _text: t.put(p.source.name), _attributes: sourceAttrs } });
  return {
    title: t.put(p.title),
    link: p.link,
    guid: t.put(p.guid),
    date: p.date,
    description: t.put(p.summary ? escapeHtml(p.summary) : p.contentHtml),
    content: t.put(p.contentHtml),
    category: p.topics.map((name) => ({ name: t.put(name) })),
    extensions,
  };
}

function atomItem(p: Prepared, t: Tokens): Item {
  return {
    title: t.put(p.title),
    id: p.guid,
    link: p.link,
    date: p.date,
    published: p.date,
    description: p.summary ? t.put(escapeHtml(p.summary)) : undefined,
    content: t.put(p.contentHtml),
    author: p.author ? [{ name: t.put(p.author) }] : undefined,
    category: p.topics.map((term) => ({ term: t.put(term) })),
  };
}

function archiveLinks(meta: FeedMeta, element: string): string {
  const a = meta.archive ?? {};
  const rels: Array<[string, string | undefined]> = [['current', a.current], ['prev-archive', a.prev], ['next-archive', a.next]];
  const links = rels
    .filter((r): r is [string, string] => Boolean(r[1]))
    .map(([rel, href]) => `<${element} rel="${rel}" href="${escapeXml(href)}"/>`);
  if (a.isArchive) links.push('<fh:archive/>');
  return links.join('');
}

/** Adds namespace declarations to the root element's start tag unless already there. */
function declare(xml: string, root: string, ns: Record<string, string>): string {
  const start = xml.indexOf(`<${root}`);
  const end = xml.indexOf('>', start);
  const tag = xml.slice(start, end);
  const extra = Object.entries(ns)
    .filter(([attr]) => !tag.includes(`${attr}=`))
    .map(([attr, uri]) => ` ${attr}="${escapeXml(uri)}"`)
    .join('');
  return xml.slice(0, end) + extra + xml.slice(end);
}

function insertAfterStartTag(xml: string, tag: string, fragment: string): string {
  const start = xml.indexOf(`<${tag}`);
  const end = xml.indexOf('>', start) + 1;
  return xml.slice(0, end) + fragment + xml.slice(end);
}

function finishRss(xml: string, meta: FeedMeta, t: Tokens): string {
  let out = declare(xml, 'rss', {
    'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
    'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
    'xmlns:atom': 'http://www.w3.org/2005/Atom',
    ...(meta.archive?.isArchive ? { 'xmlns:fh': FH_NS } : {}),
  });
  out = insertAfterStartTag(out, 'channel', archiveLinks(meta, 'atom:link'));
  return t.fill(out);
}

function finishAtom(xml: string, items: Prepared[], meta: FeedMeta, t: Tokens): string {
  let out = declare(xml, 'feed', { 'xml:lang': meta.language, ...(meta.archive?.isArchive ? { 'xmlns:fh': FH_NS } : {}) });
  out = insertAfterStartTag(out, 'feed', archiveLinks(meta, 'link'));
  // Entry titles are plain text; `feed` labels them type="html" without escaping them.
  out = out.replaceAll('<title type="html">', '<title type="text">');
  // RFC 4287 §4.2.11 atom:source: where the entry came from. Escaped text cannot contain "</entry>".
  const parts = out.split('</entry>');
  out = parts
    .map((part, i) => {
      const p = items[i];
      if (!p || i === parts.length - 1) return part;
      const src = p.source;
      const self = src.url ? `<id>${escapeXml(src.url)}</id><link rel="self" href="${escapeXml(src.url)}"/>` : '';
      const alt = src.siteUrl ? `<link rel="alternate" href="${escapeXml(src.siteUrl)}"/>` : '';
      const source = `<source>${self}<title>${t.put(src.name)}</title>${alt}<updated>${p.date.toISOString()}</updated></source>`;
      return `${part}    ${source}\n    `;
    })
    .join('</entry>');
  return t.fill(out);
}

function renderJson(items: Prepared[], meta: FeedMeta): string {
  const feed = new Feed({
    title: meta.title,
    description: meta.description,
    link: meta.homeUrl,
    feedLinks: { json: meta.selfUrl },
    updated: meta.updated,
  });
  for (const p of items) {
    feed.addItem({
      title: p.title,
      id: p.guid,
      link: p.link,
      date: p.date,
      published: p.date,
      description: p.summary || undefined,
      content: p.contentHtml,
      category: p.topics.map((name) => ({ name })),
      extensions: [{ name: '_wiresieve', objects: wiresieveExtension(p, meta) }],
    });
  }
  const doc = JSON.parse(feed.json1()) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
  doc.version = 'https://jsonfeed.org/version/1.1';
  doc.language = meta.language;
  doc.authors = [{ name: meta.title }];
  if (meta.hubUrl) doc.hubs = [{ type: 'WebSub', url: meta.hubUrl }];
  if (meta.archive?.prev) doc.next_url = meta.archive.prev;
  items.forEach((p, i) => {
    const item = doc.items[i];
    if (!item) return;
    if (p.author) item.authors = [{ name: p.author }];
  });
  // Key order: JSON Feed readers do not care, people reading the file do.
  const { items: docItems, ...head } = doc;
  return JSON.stringify({ ...head, items: docItems });
}

function wiresieveExtension(p: Prepared, meta: FeedMeta): Record<string, unknown> {
  const d = p.story.decision;
  return {
    about: `${meta.homeUrl}#json-feed-extension`,
    source: { name: p.source.name, feed_url: p.source.url, home_page_url: p.source.siteUrl },
    topics: p.topics,
    reason: cleanText(d.reason),
    rule: d.rule,
    matches: (d.matches ?? []).map((m) => ({ rule: m.rule, term: cleanText(m.term), field: m.field, text: cleanText(m.text) })),
    also_reported: (p.story.alsoReported ?? []).map((a) => ({ source: a.source, url: httpUrl(a.link), title: a.title })),
  };
}
