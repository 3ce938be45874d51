/**
 * Feed bytes → ParsedFeed. The only file that imports rss-parser; its types stop here.
 *
 * Steps, each failing fast with a ParseError (`parse: …`) rather than letting a bad document reach the parser:
 *   1. size: empty body or more than MAX_FEED_BYTES → refused before decoding.
 *   2. decode (core/decode.ts): bytes → text via BOM / HTTP / XML declaration / detection.
 *   2b. the item limit (trim-items.ts): more than MAX_ITEMS items → the newest MAX_ITEMS, cut from the text.
 *   3. sniff the prolog and the root element: an HTML page, a non-feed root, or a DOCTYPE whose internal subset
 *      declares entities (billion-laughs and external-entity attacks) are refused. A DOCTYPE without an
 *      internal subset (RSS 0.91's Netscape DTD) is dropped; it is never fetched.
 *   4. repair the two most common well-formedness faults of real feeds, outside CDATA sections: HTML named
 *      entities (`&nbsp;`, `&euro;` — not defined in XML) become numeric references, and a bare `&` becomes
 *      `&amp;`. Anything else malformed (truncated documents included) is a parse error.
 *   5. rss-parser `parseString` (xml2js/sax, strict) for RSS 0.9x/1.0/2.0 and Atom (`defaultRSS: 2` so an
 *      `<rss>` without a version is read as 2.0). Its TypeErrors and RangeErrors become ParseErrors.
 *   6. map its output to the neutral RawFeed and normalize (core/normalize.ts).
 *
 * rss-parser's parseString wraps synchronous work (xml2js calls back synchronously) in a Promise; to keep this
 * stage a pure synchronous function the result is captured from the builder methods as they return (pinned
 * rss-parser 3.13.0; test/unit/parse guards this). Atom entries with an unparseable date make rss-parser throw
 * a RangeError for the whole feed; such an entry is rebuilt without the date and the date left to dates.ts.
 */
import Parser from 'rss-parser';
import { decodeFeedBytes, demoronize } from './decode';
import { escapeXml } from './markup';
import { normalizeFeed, type NormalizeContext, type RawFeed, type RawItem } from './normalize';
import { trimItems } from './trim-items';
import { decodeHtmlEntity } from './sanitize';
import type { ParsedFeed } from './story';

export const MAX_FEED_BYTES = 10 * 1024 * 1024;
/** Items read from one feed: the newest this many (trim-items.ts); the rest are counted and reported. Real
 * feeds stay below it (the largest in the conformance corpus, a podcast archive, has 730). */
export const MAX_ITEMS = 1000;

export class ParseError extends Error {
  override name = 'ParseError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(`parse: ${message}`, options);
  }
}

export function parseFeed(body: Buffer, contentType: string | undefined, ctx: NormalizeContext, maxItems = MAX_ITEMS): ParsedFeed {
  if (body.length > MAX_FEED_BYTES) throw new ParseError(`feed is ${body.length} bytes, more than the ${MAX_FEED_BYTES}-byte limit`);
  const { text } = decodeFeedBytes(body, contentType);
  if (text.trim() === '') throw new ParseError('empty body');
  const trimmed = trimItems(checkProlog(text), maxItems);
  const feed = normalizeFeed(toRawFeed(runRssParser(repairXml(trimmed.xml))), ctx);
  if (trimmed.removed > 0) feed.itemsOverLimit = { total: trimmed.total, removed: trimmed.removed };
  return feed;
}

// ---------- 3. prolog and root ----------

const PROLOG_ITEM = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)/;

/** `s` without its leading whitespace, processing instructions and comments. */
function skipProlog(s: string): string {
  let rest = s;
  for (let m = PROLOG_ITEM.exec(rest); m && m[0].length > 0; m = PROLOG_ITEM.exec(rest)) rest = rest.slice(m[0].length);
  return rest;
}

function checkProlog(text: string): string {
  let rest = skipProlog(text);
  const doctype = /^<!DOCTYPE\s+[^\s>[]+[^>[]*(\[[\s\S]*?\]\s*)?>/i.exec(rest);
  if (doctype) {
    if (doctype[1] && /<!ENTITY/i.test(doctype[1])) {
      throw new ParseError('DOCTYPE with entity declarations refused (XML entity expansion guard)');
    }
    // Dropped; an HTML page (<!DOCTYPE html><html>) is then refused by the root check below.
    const offset = text.length - rest.length;
    rest = rest.slice(doctype[0].length);
    text = text.slice(0, offset) + rest;
    rest = skipProlog(rest);
  }
  const root = /^<([A-Za-z_][\w.:-]*)/.exec(rest)?.[1];
  if (!root) throw new ParseError(rest.startsWith('<!') ? 'malformed DOCTYPE or comment' : 'not XML (no root element)');
  const local = root.toLowerCase();
  if (local === 'html' || local === 'body' || local === 'head') throw new ParseError('this is an HTML page, not a feed');
  if (!['rss', 'rdf:rdf', 'feed'].includes(local)) throw new ParseError(`not a feed: root element is <${root}>`);
  return text;
}

// ---------- 4. repairs ----------

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** An `&` that does not start one of the five XML entities or a terminated numeric reference. */
const NEEDS_REPAIR = /&(?!(?:amp|lt|gt|quot|apos|#\d{1,7}|#[xX][\da-fA-F]{1,6});)/;
/** A numeric reference to a C1 control (U+0080–U+009F), which repairEntities maps to windows-1252. */
const C1_REFERENCE = /&#(?:0*(?:12[89]|1[3-5]\d)|[xX]0*[89][\da-fA-F]);/;

function repairXml(text: string): string {
  // Most feeds need no repair: two native scans say so without splitting and rejoining the document.
  if (!NEEDS_REPAIR.test(text) && !C1_REFERENCE.test(text)) return text;
  return text
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/)
    .map((part, i) => (i % 2 === 1 ? part : repairEntities(part)))
    .join('');
}

function repairEntities(part: string): string {
  // The five XML entities are skipped by the pattern itself (escaped HTML is full of them: no call for each).
  return part.replace(/&(?!(?:amp|lt|gt|quot|apos);)(?:(#\d{1,7}|#[xX][\da-fA-F]{1,6})|([A-Za-z][A-Za-z\d]{0,31}));?/g, (whole, num: string | undefined, name: string | undefined) => {
    if (num) {
      if (!whole.endsWith(';')) return `&amp;${whole.slice(1)}`;
      const code = num[1] === 'x' || num[1] === 'X' ? parseInt(num.slice(2), 16) : parseInt(num.slice(1), 10);
      // &#146; means windows-1252's ’ in practice (C1 controls are never text).
      return code >= 0x80 && code <= 0x9f ? `&#${demoronize(String.fromCharCode(code)).codePointAt(0)};` : whole;
    }
    if (!whole.endsWith(';')) return `&amp;${whole.slice(1)}`;
    if (XML_ENTITIES.has(name!)) return whole;
    const ch = decodeHtmlEntity(name!);
    return ch === undefined ? `&amp;${whole.slice(1)}` : [...ch].map((c) => `&#${c.codePointAt(0)};`).join('');
  }).replace(/&(?![#A-Za-z])/g, '&amp;');
}

// ---------- 5. rss-parser ----------

type XmlNode = string | { _?: string; $?: Record<string, string>; [child: string]: unknown };
type LibItem = Record<string, unknown>;
type LibFeed = Record<string, unknown> & { items: LibItem[] };

const ITEM_FIELDS = [
  ['$', 'xAttrs', { keepArray: true }],
  ['title', 'xTitle', { keepArray: true }],
  ['link', 'xLink', { keepArray: true }],
  ['guid', 'xGuid', { keepArray: true }],
  ['id', 'xId', { keepArray: true }],
  ['author', 'xAuthor', { keepArray: true }],
  ['dc:creator', 'xCreator', { keepArray: true }],
  ['dc:author', 'xDcAuthor', { keepArray: true }],
  ['dc:description', 'xDcDescription', { keepArray: true }],
  ['body', 'xBody', { keepArray: true }],
  ['xhtml:body', 'xXhtmlBody', { keepArray: true }],
  ['fullitem', 'xFullitem', { keepArray: true }],
  ['dcterms:issued', 'xDctIssued', { keepArray: true }],
  ['dcterms:created', 'xDctCreated', { keepArray: true }],
  ['dcterms:modified', 'xDctModified', { keepArray: true }],
  ['category', 'xCategory', { keepArray: true }],
  ['dc:subject', 'xSubject', { keepArray: true }],
  ['description', 'xDescription', { keepArray: true }],
  ['content', 'xContent', { keepArray: true }],
  ['summary', 'xSummary', { keepArray: true }],
  ['pubDate', 'xPubDate', { keepArray: true }],
  ['published', 'xPublished', { keepArray: true }],
  ['issued', 'xIssued', { keepArray: true }],
  ['updated', 'xUpdated', { keepArray: true }],
  ['modified', 'xModified', { keepArray: true }],
  ['created', 'xCreated', { keepArray: true }],
  ['dc:date', 'xDcDate', { keepArray: true }],
  ['dc:language', 'xDcLanguage', { keepArray: true }],
  ['source', 'xSource', { keepArray: true }],
];
const FEED_FIELDS = [
  ['$', 'xAttrs', { keepArray: true }],
  ['title', 'xTitle', { keepArray: true }],
  ['link', 'xLink', { keepArray: true }],
  ['dc:language', 'xDcLanguage', { keepArray: true }],
];

function runRssParser(xml: string): LibFeed {
  const parser = new Parser({ defaultRSS: 2, customFields: { item: ITEM_FIELDS, feed: FEED_FIELDS } as never });
  const internals = parser as unknown as Record<string, unknown> & { xmlParser: { once(ev: string, fn: (e: Error) => void): void } };
  let captured: { feed: LibFeed } | { error: unknown } | undefined;
  for (const name of ['buildAtomFeed', 'buildRSS0_9', 'buildRSS1', 'buildRSS2']) {
    const build = internals[name] as (x: unknown) => LibFeed;
    internals[name] = function (this: unknown, x: unknown) {
      try {
        const feed = build.call(this, x);
        captured = { feed };
        return feed;
      } catch (error) {
        captured = { error };
        throw error;
      }
    };
  }
  const parseItemAtom = internals.parseItemAtom as (e: Record<string, unknown>) => LibItem;
  internals.parseItemAtom = function (this: unknown, entry: Record<string, unknown>) {
    try {
      return parseItemAtom.call(this, entry);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      const { published, updated, ...rest } = entry;
      return { ...parseItemAtom.call(this, rest), xPublished: published, xUpdated: updated };
    }
  };
  internals.xmlParser.once('error', (error) => (captured ??= { error }));
  parser.parseString(xml).catch(() => undefined);

  if (captured && 'feed' in captured) return captured.feed;
  const error = captured?.error;
  if (error instanceof TypeError && !/<channel[\s>]/.test(xml)) {
    const root = /<(rss|rdf:RDF)[\s>]/.exec(xml)?.[1] ?? 'rss';
    throw new ParseError(`<${root}> without a <channel>`, { cause: error });
  }
  if (error instanceof Error) throw new ParseError(`malformed feed: ${error.message.split('\n')[0]}`, { cause: error });
  throw new ParseError('not recognised as RSS or Atom');
}

// ---------- 6. library output → RawFeed ----------

function toRawFeed(feed: LibFeed): RawFeed {
  const attrs = firstAttrs(feed.xAttrs);
  const titleNode = nodes(feed.xTitle)[0];
  return {
    title: text(titleNode) ?? str(feed.title),
    titleIsHtml: isHtmlType(titleNode, true),
    link: str(feed.link) ?? atomLink(nodes(feed.xLink)),
    base: attrs['xml:base'],
    language: str(feed.language) ?? text(nodes(feed.xDcLanguage)[0]) ?? attrs['xml:lang'],
    ttl: str(feed.ttl),
    items: feed.items.map(toRawItem),
  };
}

function toRawItem(item: LibItem): RawItem {
  const attrs = firstAttrs(item.xAttrs);
  const titleNode = nodes(item.xTitle)[0];
  const guidNode = nodes(item.xGuid)[0];
  const guidAttrs = typeof guidNode === 'object' ? (guidNode.$ ?? {}) : {};
  const contentNode = nodes(item.xContent)[0];
  const rssLink = nodes(item.xLink).find((n) => typeof n === 'string' || (n._ ?? '').trim() !== '');
  return {
    title: text(titleNode) ?? str(item.title),
    titleIsHtml: isHtmlType(titleNode, true),
    link: atomLink(nodes(item.xLink)) ?? str(item.link) ?? (rssLink === undefined ? undefined : text(rssLink)),
    base: attrs['xml:base'],
    guid: text(guidNode) ?? text(nodes(item.xId)[0]) ?? attrs['rdf:about'],
    guidIsPermaLink: guidAttrs.isPermaLink === undefined ? undefined : guidAttrs.isPermaLink.trim().toLowerCase() !== 'false',
    dates: [item.xPubDate, item.xPublished, item.xIssued, item.xDctIssued, item.xCreated, item.xDctCreated, item.xDcDate, item.xUpdated, item.xModified, item.xDctModified]
      .map((n) => text(nodes(n)[0]))
      .filter((d): d is string => d !== undefined),
    author: personOf(nodes(item.xAuthor)[0]) ?? text(nodes(item.xCreator)[0]) ?? text(nodes(item.xDcAuthor)[0]),
    categories: [...nodes(item.xCategory), ...nodes(item.xSubject)]
      .map((n) => (typeof n === 'object' && n.$ ? (n.$.label ?? n.$.term ?? n._) : text(n)))
      .filter((c): c is string => typeof c === 'string' && c.trim() !== ''),
    summary: contentOf(nodes(item.xDescription)[0]) ?? contentOf(nodes(item.xSummary)[0]) ?? contentOf(nodes(item.xDcDescription)[0]),
    content:
      str(item['content:encoded']) ??
      contentOf(contentNode) ??
      contentOf(nodes(item.xXhtmlBody)[0]) ??
      contentOf(nodes(item.xBody)[0]) ??
      contentOf(nodes(item.xFullitem)[0]),
    language: text(nodes(item.xDcLanguage)[0]) ?? attrs['xml:lang'],
    outlet: outletOf(nodes(item.xSource)[0]),
    outletUrl: outletUrlOf(nodes(item.xSource)[0]),
  };
}

/**
 * The outlet an aggregator names for an item: RSS 2.0 `<source url="…">Name</source>` (Google News puts the
 * publisher there, and the same name after " - " in the headline), or an Atom entry's `<source><title>`.
 */
function outletOf(n: XmlNode | undefined): string | undefined {
  if (n === undefined) return undefined;
  if (typeof n === 'string') return str(n)?.trim();
  if (typeof n._ === 'string') return str(n._)?.trim();
  return text(nodes(n.title)[0])?.trim();
}

/** The site of that outlet: RSS 2.0 `<source url="…">` (Google News gives the publisher's home page there). */
function outletUrlOf(n: XmlNode | undefined): string | undefined {
  return typeof n === 'object' ? str(n.$?.url)?.trim() : undefined;
}

function nodes(v: unknown): XmlNode[] {
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function firstAttrs(v: unknown): Record<string, string> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
}

/**
 * All character data under an xml2js node. xml2js does not keep the order of mixed content (text is merged
 * into `_`), so the node's own text comes first, then its children's.
 */
function text(n: XmlNode | undefined): string | undefined {
  if (n === undefined) return undefined;
  if (typeof n === 'string') return n.trim() === '' ? undefined : n;
  if (typeof n._ === 'string' && base64Mode(n)) return fromBase64(n._);
  const parts: string[] = typeof n._ === 'string' && n._.trim() !== '' ? [n._] : [];
  for (const [key, value] of Object.entries(n)) {
    if (key === '$' || key === '_') continue;
    for (const child of nodes(value)) {
      const t = text(child);
      if (t) parts.push(t);
    }
  }
  return parts.length ? parts.join(' ') : undefined;
}

/** Element content as markup: text nodes as-is, element children (Atom xhtml) re-serialized loosely. */
function contentOf(n: XmlNode | undefined): string | undefined {
  if (n === undefined) return undefined;
  if (typeof n === 'string') return n.trim() === '' ? undefined : n;
  if (typeof n._ === 'string') return base64Mode(n) ? fromBase64(n._) : n._;
  const children = Object.keys(n).filter((k) => k !== '$' && k !== '_');
  return children.length ? serialize(n, 'div') : undefined;
}

/** Atom 0.3 `mode="base64"` content. */
function base64Mode(n: XmlNode): boolean {
  return typeof n === 'object' && n.$?.mode?.toLowerCase() === 'base64';
}

function fromBase64(s: string): string {
  return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('utf8');
}

function serialize(n: XmlNode, tag: string): string {
  if (typeof n === 'string') return `<${tag}>${escapeXml(n)}</${tag}>`;
  const attrs = Object.entries(n.$ ?? {})
    .filter(([k]) => !k.startsWith('xmlns'))
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  let inner = typeof n._ === 'string' ? escapeXml(n._) : '';
  for (const [key, value] of Object.entries(n)) {
    if (key === '$' || key === '_') continue;
    for (const child of nodes(value)) inner += serialize(child, key.replace(/^[\w-]+:/, ''));
  }
  return `<${tag}${attrs}>${inner}</${tag}>`;
}

function isHtmlType(n: XmlNode | undefined, dflt: boolean): boolean {
  const type = typeof n === 'object' ? n.$?.type?.toLowerCase() : undefined;
  if (type === 'text' || type === 'text/plain') return false;
  if (type) return true;
  return dflt;
}

function personOf(n: XmlNode | undefined): string | undefined {
  if (n === undefined || typeof n === 'string') return text(n);
  const name = text(nodes(n.name)[0]);
  const email = text(nodes(n.email)[0]);
  if (name) return name;
  return email ?? text(n);
}

/** The Atom alternate link (RFC 4287 §4.2.7.2: no rel means alternate); some feeds put the URL in the text. */
function atomLink(links: XmlNode[]): string | undefined {
  const withUrl = links
    .filter((l): l is Exclude<XmlNode, string> => typeof l === 'object' && l.$ !== undefined)
    .map((l) => ({ rel: l.$!.rel ?? 'alternate', url: l.$!.href ?? l._?.trim() }))
    .filter((l): l is { rel: string; url: string } => typeof l.url === 'string' && l.url !== '');
  return (withUrl.find((l) => l.rel === 'alternate') ?? withUrl[0])?.url;
}
