/**
 * Reads article pages for the enrich stage: the guarded HTTP fetcher (SSRF guard on every hop, size and time
 * limits), one request at a time per host, conditional requests, and a cache by canonical URL, so a page shared
 * by several outlets' items (syndication) or seen again is fetched once.
 *
 * The cache lives as long as the process (a local `serve`, a warm Lambda container) and holds the lead, not the
 * page; a cached entry younger than FRESH_MS is used without asking, an older one is revalidated (If-None-Match /
 * If-Modified-Since), and a 304 keeps its lead.
 */
import { extractArticle } from '../core/article';
import { canonicalUrl } from '../core/identity';
import type { ArticleRead, ArticleReader, Clock, Fetcher } from '../ports';
import { createHttpFetcher, FetchError } from './http-fetcher';

/** A page is read this long before it is asked again (conditionally). */
const FRESH_MS = 6 * 3_600_000;
const CACHE_MAX = 2_000;
/** A host whose pages failed this many times in a row is left alone for HOST_REST_MS (a site that blocks us, or
 * links that are JavaScript redirects, like Google News's): no hundred doomed requests per poll. */
const HOST_FAILURES = 3;
const HOST_REST_MS = 3_600_000;

export interface ArticleReaderOptions {
  allowPrivateHosts: boolean;
  clock: Clock;
  /** Largest page read (bytes on the wire); a bigger one is refused, not truncated. */
  maxBytes?: number;
  /** Deadline of one page fetch, redirects included, when the caller gives none shorter. */
  timeoutMs?: number;
  /** For tests: the fetcher used for each request (default: the guarded HTTP fetcher with these limits). */
  fetcherFor?: (timeoutMs: number) => Fetcher;
}

/** A failure that says something about the host (it blocks, throttles, fails or hangs), not about one page. */
function isHostLevel(err: unknown): boolean {
  if (!(err instanceof FetchError)) return true;
  if (err.kind === 'timeout' || err.kind === 'network' || err.kind === 'refused') return true;
  const status = err.httpStatus ?? 0;
  return err.kind === 'http' && ([401, 403, 429, 451].includes(status) || status >= 500);
}

interface CacheEntry {
  read: Extract<ArticleRead, { status: 'ok' }>;
  etag?: string;
  lastModified?: string;
  at: number;
}

export function createArticleReader(opts: ArticleReaderOptions): ArticleReader {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const defaultTimeout = opts.timeoutMs ?? 10_000;
  const fetcherFor =
    opts.fetcherFor ??
    ((timeoutMs: number) =>
      createHttpFetcher({ allowPrivateHosts: opts.allowPrivateHosts, maxBytes, totalTimeoutMs: timeoutMs, connectTimeoutMs: Math.min(5_000, timeoutMs) }));
  const cache = new Map<string, CacheEntry>();
  const hostQueues = new Map<string, Promise<unknown>>();
  const hostHealth = new Map<string, { failures: number; restUntil: number }>();
  const outcome = (host: string, read: ArticleRead & { hostLevel?: boolean }): ArticleRead => {
    if (read.status === 'ok') {
      hostHealth.delete(host);
      return read;
    }
    const { hostLevel, ...failed } = read;
    if (!hostLevel) return failed; // one page's fault (a 404, a page too big): the host is fine
    const h = hostHealth.get(host) ?? { failures: 0, restUntil: 0 };
    h.failures++;
    if (h.failures >= HOST_FAILURES) h.restUntil = opts.clock.now().getTime() + HOST_REST_MS;
    hostHealth.set(host, h);
    return failed;
  };

  /** Runs `task` after every earlier request to the same host has finished (one at a time per host). */
  const onHost = <T>(host: string, task: () => Promise<T>): Promise<T> => {
    const previous = hostQueues.get(host) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    hostQueues.set(host, tail);
    void tail.then(() => {
      if (hostQueues.get(host) === tail) hostQueues.delete(host);
    });
    return run;
  };

  const remember = (key: string, entry: CacheEntry): void => {
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  };

  /** One page, when its host's turn comes: so reads queued behind failures or slow pages see them, and the time. */
  const readPage = async (url: string, key: string, host: string, cached: CacheEntry | undefined, deadline: number | undefined): Promise<ArticleRead & { hostLevel?: boolean }> => {
    const at = opts.clock.now().getTime();
    const health = hostHealth.get(host);
    if (health && health.restUntil > at) {
      return { status: 'failed', error: `not asked: ${health.failures} pages from ${host} failed in a row (resting until ${new Date(health.restUntil).toISOString()})` };
    }
    const left = deadline === undefined ? defaultTimeout : deadline - at;
    if (left < 1_000) return { status: 'failed', error: `not read: the poll's deadline came while ${host} was busy with earlier pages` };
    try {
      const res = await fetcherFor(Math.min(left, defaultTimeout)).fetch({ url, etag: cached?.etag, lastModified: cached?.lastModified });
      if (res.status === 'not-modified') {
        if (!cached) return { status: 'failed', error: `HTTP 304 without a cached copy from ${url}` };
        remember(key, { ...cached, at });
        return { ...cached.read, cached: true };
      }
      const type = res.contentType ?? '';
      if (type && !/html|xml/i.test(type)) return { status: 'failed', error: `not an HTML page (${type.split(';')[0]}) at ${res.finalUrl}` };
      const article = await extractArticle(res.body, res.contentType);
      if (!article) return { status: 'failed', error: `no article text found at ${res.finalUrl}`, hostLevel: true };
      const read: ArticleRead = { status: 'ok', lead: article.lead, finalUrl: res.finalUrl, charset: article.charset };
      remember(key, { read, etag: res.etag, lastModified: res.lastModified, at });
      return read;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { status: 'failed', error: message.replace(/^fetch: /, ''), hostLevel: isHostLevel(err) };
    }
  };

  return {
    async read(url, { deadline } = {}) {
      const key = canonicalUrl(url);
      const cached = cache.get(key);
      if (cached && opts.clock.now().getTime() - cached.at < FRESH_MS) return { ...cached.read, cached: true };
      let host: string;
      try {
        host = new URL(url).host.toLowerCase();
      } catch {
        return { status: 'failed', error: `not a URL: ${url}` };
      }
      // Names reserved by RFC 2606/6761 never resolve on the public internet: no lookup is sent for them.
      if (/\.(example|invalid|test|localhost)\.?(:\d+)?$/i.test(host)) return { status: 'failed', error: `reserved host name ${host}` };
      return onHost(host, async () => outcome(host, await readPage(url, key, host, cached, deadline)));
    },
  };
}
