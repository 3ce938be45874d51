/**
 * Story identity: the canonical form of a link and the story id derived from it.
 *
 * canonicalUrl(link) rules, applied in this order to http(s) links (anything else — `tag:`, `urn:`, text that
 * does not parse — is returned trimmed and otherwise unchanged, so it can still serve as a GUID-like key):
 *  1. Surrounding whitespace is trimmed; the link is parsed with WHATWG `new URL()`, which already lower-cases
 *     the scheme and host, converts IDN hosts to punycode, resolves `.`/`..` path segments and drops the
 *     scheme's default port (`:80` for http, `:443` for https).
 *  2. Scheme: `http` becomes `https` (feeds and their syndicators mix the two for the same article). A port that
 *     is the default of the *original* scheme is dropped too (`http://a:80/x` = `https://a/x`).
 *  3. Host: a trailing dot and a leading `www.` are dropped (`www.yna.co.kr.` = `yna.co.kr`). Other subdomains
 *     stay: `m.` or `en.` sites can serve different articles under the same path.
 *  4. User name and password are dropped (they are never part of an article's identity).
 *  5. Fragment: dropped (`#comments`), except an AJAX "hashbang" (`#!/article/12`), where the fragment *is* the
 *     article.
 *  6. Path: `;jsessionid=…` (and `;phpsessid=…`) path parameters are dropped; runs of `/` collapse to one; a
 *     trailing `/` is dropped from a non-root path (`/a/b/` = `/a/b`); the root stays `/`. Percent-escapes are
 *     upper-cased and escapes of unreserved characters (RFC 3986 §2.3: letters, digits, `-._~`) decoded, so
 *     `%7e` = `%7E` = `~`.
 *  7. Query: tracking parameters are removed (names compared case-insensitively): every `utm_*`, `ga_*`, `pk_*`,
 *     `mtm_*`, `itm_*` and `hsa_*` parameter, and the names in TRACKING_PARAMS below (click ids such as `fbclid`,
 *     `gclid`, `msclkid`; mail campaign ids `mc_cid`, `mc_eid`; referrers `ref`, `ref_src`, `referrer`; share
 *     markers such as `igshid`, `share`, `cmpid`, `ocid`, `rss`, …). Every other parameter is kept — many sites
 *     carry the article id in the query (`?aid=123`, `?idxno=5`, `?p=77`). The kept parameters are sorted by
 *     name, then value (stable, so repeated names keep a defined order), and re-encoded by URLSearchParams
 *     (`a=x%20y` = `a=x+y`). An empty query (`?` or only tracking parameters) disappears.
 *
 * storyId(input): a fallback chain (cf. Miniflux, which hashes guid → url → title+content), each step with its
 * reason:
 *  1. The canonical link, when it names an article: most stable across polls and the same for every feed that
 *     links the same article, so a story listed in two feeds of one outlet is stored once. A link to a site's
 *     root (`https://example.org/` with no query) is not an article: some feeds point every item at the home
 *     page, which would collapse all their items into one story.
 *  2. The GUID, scoped by source: for feeds without usable links. A GUID that is itself an http(s) article URL
 *     is canonicalized and hashed like a link (step 1), so it matches the same article linked elsewhere; any
 *     other GUID is only unique within its feed (some feeds number items 1, 2, 3), hence the source scope.
 *  3. Title + content, whitespace-collapsed, scoped by source: feeds with neither. It changes when the item is
 *     edited, which is the best that can be done; cross-poll copies of an edited item are caught by the
 *     near-duplicate stage (core/dedupe.ts) instead.
 * Ids are the first 32 hex digits of a SHA-256, so they fit DynamoDB keys and `urn:` ids in Atom.
 */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Exact query parameter names (lower-case) that only track the reader and never select content. */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // click ids of ad and social platforms
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'igsh', 'si', 'epik', 'srsltid',
  // mail campaigns
  'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', 'vero_id', 'vero_conv', 'oly_anon_id', 'oly_enc_id', 'rb_clickid', 's_cid',
  // referrers and share markers
  'ref', 'ref_src', 'ref_url', 'referrer', 'referer', 'share', 'shared', 'smid', 'sr_share',
  // analytics and campaign ids
  '_ga', '_gl', 'cmpid', 'cmp', 'ocid', 'icid', 'ncid', 'cid_source', 'ito', 'spm', 'scm', 'wt.mc_id', 'at_medium',
  'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'rss', 'rss_id', 'feed', 'feedtype',
  'cn-reloaded',
]);

/** Prefixes (lower-case) of tracking parameter families. */
const TRACKING_PREFIXES = ['utm_', 'ga_', 'pk_', 'mtm_', 'itm_', 'hsa_'];

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return TRACKING_PARAMS.has(n) || TRACKING_PREFIXES.some((p) => n.startsWith(p));
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Upper-cases percent-escapes and decodes those of unreserved characters (RFC 3986 §6.2.2.1–2). */
function normalizeEscapes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/** Canonical form of a link (rules 1–7 in the header). Never throws. */
export function canonicalUrl(link: string): string {
  const raw = link.trim();
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return raw;
  // 2. scheme (and the original scheme's default port)
  if (u.protocol === 'http:' && u.port === '443') u.port = '';
  const port = u.port;
  let host = u.hostname.replace(/\.$/, '');
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);
  // 5. fragment
  const hashbang = u.hash.startsWith('#!') ? normalizeEscapes(u.hash) : '';
  // 6. path
  let path = u.pathname.replace(/;(jsessionid|phpsessid)=[^/]*/gi, '').replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.replace(/\/+$/, '') || '/';
  path = normalizeEscapes(path || '/');
  // 7. query
  const params = [...u.searchParams.entries()].filter(([k]) => !isTrackingParam(k));
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params).toString()}` : '';
  // 3.–4. host, credentials (the authority is rebuilt without them)
  return `https://${host}${port ? `:${port}` : ''}${path}${query}${hashbang}`;
}

/** True for an http(s) canonical URL that can name an article (not a bare site root, see storyId step 1). */
export function isArticleUrl(canonical: string): boolean {
  if (!canonical.startsWith('https://')) return false;
  const rest = canonical.slice('https://'.length);
  const slash = rest.indexOf('/');
  return slash >= 0 && rest.slice(slash) !== '/';
}

export interface IdentityInput {
  canonicalUrl: string;
  guid?: string;
  title: string;
  content?: string;
  sourceId: string;
}

/** The story id (fallback chain in the header): 32 hex digits. */
export function storyId(i: IdentityInput): string {
  const link = canonicalUrl(i.canonicalUrl);
  if (isArticleUrl(link)) return sha256Hex(`url:${link}`).slice(0, 32);
  const guid = i.guid?.trim();
  if (guid) {
    const asUrl = canonicalUrl(guid);
    if (isArticleUrl(asUrl)) return sha256Hex(`url:${asUrl}`).slice(0, 32);
    return sha256Hex(`guid:${i.sourceId}:${guid}`).slice(0, 32);
  }
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  return sha256Hex(`text:${i.sourceId}:${squash(i.title)}\n${squash(i.content ?? '')}`).slice(0, 32);
}
