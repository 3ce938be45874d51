/**
 * The publishing side: one request handler for every route of the `feed` function and the local server.
 *
 *   GET|HEAD /feed.xml /feed.atom /feed.json          latest `maxItems` kept stories, newest first
 *            /topics/<name>.{xml,atom,json}           the same, one topic of the rules
 *            /archive/<key>.{xml,atom,json}           RFC 5005 archive pages, linked by prev-archive
 *            /  /feed.xsl  /sources.json  /sources.opml
 *   anything else: 404 JSON; other methods on a known route: 405.
 *
 * Rendering happens once per (route, feed version): the store's `feedVersion()` is the only read an unchanged
 * feed costs, and the ETag is derived from the version and the route, so a 304 costs no rendering either.
 * Archive keys are the timeline key `${published}#${id}` of the newest story *not* on the page before, in
 * base64url; a page is "the `maxItems` stories older than the key", so it stays put as new stories arrive
 * (a story arriving late with an old date can still change an archive page).
 */
import { renderFeedDetailed, type FeedFormat, type FeedMeta } from '../core/render';
import { renderIndexPage, renderOpml, type FeedUrls } from '../core/html-page';
import { FEED_XSL } from '../core/assets/feed-xsl';
import type { SourceConfig, FeedSettings } from '../core/source';
import { timelineKey, type StoredStory } from '../core/story';
import type { FeedVersion, HttpRequest, HttpResponse, Logger, RenderingStore, SharedRendering, SourceStore, StoryStore } from '../ports';
import { forBrowser, fromShared, isBrowser, jsonError, notModified, representation, respond, shortHash, toShared, type Representation } from './publish-http';
import { sourcesHealth } from './sources-health';

export interface PublisherDeps {
  stories: StoryStore;
  sources: SourceStore;
  settings: FeedSettings;
  sourceConfigs: SourceConfig[];
  topics: string[];
  logger?: Logger;
  /** Clock for `updated` when there is nothing else to go by; defaults to the system clock. */
  now?: () => Date;
  /**
   * Renderings shared between processes (the `feed` Lambda's containers): a process with nothing rendered
   * serves the rendering another made for the current version, and shares the ones it makes. Local mode, one
   * process, has no use for it.
   */
  renderings?: RenderingStore;
  /**
   * false: render and share every route anew instead of serving a shared rendering (the `render` function,
   * which runs seconds after a change, when the timeline index has caught up; its rendering replaces one made
   * by a `feed` container in the first moments after the change).
   */
  reuseSharedRenderings?: boolean;
}

export interface Publisher {
  handle(req: HttpRequest): Promise<HttpResponse>;
}

const EXT: Record<FeedFormat, string> = { rss: 'xml', atom: 'atom', json: 'json' };
const FORMAT_BY_EXT: Record<string, FeedFormat> = { xml: 'rss', atom: 'atom', json: 'json' };
const CONTENT_TYPE: Record<FeedFormat | 'html', string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
const FEED_CACHE = 'public, max-age=300';
/** Re-reads of a timeline index that has not caught up with the feed version (see newestStories). */
const INDEX_REREADS = 2;
const INDEX_REREAD_MS = 100;
/** Shared renderings of routes no longer asked for (a topic removed from the rules) expire after this. */
const SHARED_TTL_SECONDS = 30 * 24 * 3600;
/** Rendered routes kept per process; archive keys are unbounded, so the oldest entries go first. */
const CACHE_ENTRIES = 200;
/** Topic feeds scan the timeline in pages of this many stories, at most TOPIC_PAGES pages. */
const TOPIC_PAGE = 200;
const TOPIC_PAGES = 5;

type Route =
  | { kind: 'feed'; format: FeedFormat; scope: 'main' }
  | { kind: 'feed'; format: FeedFormat; scope: 'topic'; topic: string }
  | { kind: 'feed'; format: FeedFormat; scope: 'archive'; before: string }
  | { kind: 'index' | 'xsl' | 'sources-json' | 'opml' };

/** What a rendering is made for: the feed version and when it was bumped. */
const stampOf = (fv: FeedVersion): string => `${fv.version}@${fv.updatedAt ?? ''}`;

export function createPublisher(deps: PublisherDeps): Publisher {
  const { settings } = deps;
  const base = settings.baseUrl.replace(/\/+$/, '');
  const maxItems = settings.maxItems > 0 ? settings.maxItems : 50;
  const now = deps.now ?? (() => new Date());
  // Anything that changes the output without changing the feed version goes into the ETag seed.
  const configHash = shortHash(JSON.stringify([settings, deps.topics, 'render-1']));
  const cache = new Map<string, { stamp: string; rep: Promise<Representation | undefined> }>();
  let newestMemo: { stamp: string; page: Promise<{ got: StoredStory[]; settled: boolean }> } | undefined;
  let newestRead: ReturnType<StoryStore['newestWithVersion']> | undefined;
  // Built on first request, not at cold start, which should cost only what /feed.xml needs.
  let xsl: Representation | undefined;
  let opml: Representation | undefined;
  const xslRep = () => (xsl ??= representation(FEED_XSL, 'text/xsl; charset=utf-8', 'public, max-age=86400'));
  const opmlRep = () =>
    (opml ??= representation(
      renderOpml({ title: settings.title, sources: deps.sourceConfigs, updated: now(), ownerUrl: `${base}/` }),
      'text/x-opml; charset=utf-8',
      FEED_CACHE,
    ));

  const feedUrls = (prefix: string): FeedUrls => ({
    rss: `${base}${prefix}.xml`,
    atom: `${base}${prefix}.atom`,
    json: `${base}${prefix}.json`,
  });

  async function handle(req: HttpRequest): Promise<HttpResponse> {
    const route = parseRoute(req.path, deps.topics);
    if (!route) return jsonError(404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return jsonError(405, 'method not allowed', { allow: 'GET, HEAD' });
    try {
      if (route.kind === 'xsl') return await respond(req, xslRep());
      if (route.kind === 'opml') return await respond(req, opmlRep());
      if (route.kind === 'sources-json') {
        const body = JSON.stringify(sourcesHealth(deps.sourceConfigs, await deps.sources.list(), now()), null, 2);
        return await respond(req, representation(body, 'application/json; charset=utf-8', 'public, max-age=60'));
      }
      const rep = await cached(req.path, route, req);
      if (!rep) return jsonError(404, 'not found');
      const xmlFeed = route.kind === 'feed' && route.format !== 'json';
      return await respond(req, xmlFeed && isBrowser(req) ? forBrowser(rep) : rep);
    } catch (err) {
      deps.logger?.error('publish: request failed', { path: req.path, error: String(err) });
      return jsonError(503, 'feed temporarily unavailable', { 'retry-after': '30' });
    }
  }

  /** The route's representation for the current feed version, rendered at most once per version. */
  async function cached(key: string, route: Route, req: HttpRequest): Promise<Representation | undefined> {
    // Nothing cached for this route yet (a fresh container) and a plain GET: read the version together with
    // what the answer will need, in one request — with shared renderings (the feed Lambda), the rendering
    // another container made; without (local mode), for the newest page, the newest stories. Revalidations
    // skip this: most are answered 304 from the version alone (below).
    const conditional = req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
    let newest: StoredStory[] | undefined;
    let fv: FeedVersion | undefined;
    let shared: SharedRendering | undefined;
    const sharing = deps.renderings && shareable(route) ? deps.renderings : undefined;
    const coldPlainGet = !cache.has(key) && !conditional;
    if (coldPlainGet && sharing && deps.reuseSharedRenderings !== false) {
      ({ version: fv, rendering: shared } = await sharing.versionAndRendering(key));
    } else if (coldPlainGet && newestPage(route)) {
      // Concurrent first requests (local mode) share the one read.
      const got = await (newestRead ??= deps.stories.newestWithVersion(maxItems + 1).finally(() => (newestRead = undefined)));
      if (got.version) [fv, newest] = [got.version, got.stories];
    }
    if (!fv) {
      try {
        fv = await deps.stories.feedVersion();
      } catch (err) {
        // Store down: the last rendering is better than an error (it is what a CDN would serve, too).
        const stale = cache.get(key);
        if (!stale) throw err;
        deps.logger?.warn('publish: serving a stale rendering', { path: key, error: String(err) });
        return stale.rep;
      }
    }
    const stamp = stampOf(fv);
    const hit = cache.get(key);
    if (hit?.stamp === stamp) return hit.rep;
    const etagSeed = `${fv.version.toString(36)}-${shortHash(`${stamp}|${configHash}|${key}`)}`;
    // A reader revalidating the current version gets its 304 without the stories being read or rendered: on a
    // cold container (nothing cached yet) that is the common request, since feed readers poll conditionally.
    // (Not for archive pages, which may not exist: those are rendered, or found missing, first.)
    if (!(route.kind === 'feed' && route.scope === 'archive')) {
      const shell = unrendered(route, etagSeed);
      if (notModified(req, route.kind === 'feed' && route.format !== 'json' && isBrowser(req) ? forBrowser(shell) : shell)) return shell;
    }
    if (shared?.etag === `"${etagSeed}"`) {
      // Made for this version, route and config by another container: serve it, keep it.
      const rep = Promise.resolve(fromShared(shared));
      cache.set(key, { stamp, rep });
      return rep;
    }
    const entry = { stamp, rep: render(route, fv, etagSeed, newest) };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    const forget = () => cache.get(key) === entry && cache.delete(key);
    const out = await entry.rep.catch((err: unknown) => {
      forget();
      throw err;
    });
    if (!out || out.transient) forget(); // 404s are not remembered (unknown archive keys are unbounded)
    if (out && !out.transient && sharing) await share(sharing, key, fv.version, out);
    return out;
  }

  /** Routes whose rendering is shared: all but archive pages (unbounded, and rarely asked for twice). */
  function shareable(route: Route): boolean {
    return route.kind === 'index' || (route.kind === 'feed' && route.scope !== 'archive');
  }

  async function share(store: RenderingStore, key: string, version: number, rep: Representation): Promise<void> {
    try {
      await store.putRendering(key, version, await toShared(rep), Math.floor(now().getTime() / 1000) + SHARED_TTL_SECONDS);
    } catch (err) {
      // Not sharing costs other containers a render; the response itself is fine.
      deps.logger?.warn('publish: cannot share a rendering', { path: key, error: String(err) });
    }
  }

  /** The validators and caching fields of a route's rendering, without its body (for 304s). */
  function unrendered(route: Route, etagSeed: string): Representation {
    if (route.kind !== 'feed') return { ...representation('', CONTENT_TYPE.html, FEED_CACHE, etagSeed), unrendered: true };
    const rep = { ...representation('', CONTENT_TYPE[route.format], FEED_CACHE, etagSeed), unrendered: true };
    return route.format === 'json' ? rep : { ...rep, vary: 'accept, accept-encoding' };
  }

  /** The routes showing the newest `maxItems` stories: the main feeds and the index page. */
  function newestPage(route: Route): boolean {
    return route.kind === 'index' || (route.kind === 'feed' && route.scope === 'main');
  }

  /** `newest`: the newest maxItems + 1 timeline stories when already read (newestPage routes). */
  async function render(route: Route, fv: FeedVersion, etagSeed: string, newest?: StoredStory[]): Promise<Representation | undefined> {
    if (route.kind === 'index') {
      const { got, settled } = await newestStories(fv, newest);
      const stories = got.slice(0, maxItems);
      const modified = lastModified(fv, stories);
      const html = renderIndexPage({
        title: settings.title,
        description: settings.description,
        language: settings.language,
        feeds: feedUrls('/feed'),
        topics: deps.topics.map((name) => ({ name, feeds: feedUrls(`/topics/${encodeURIComponent(name)}`) })),
        sourcesJsonUrl: `${base}/sources.json`,
        opmlUrl: `${base}/sources.opml`,
        stories,
        updated: modified ?? now(),
      });
      return keptIf(settled, representation(html, CONTENT_TYPE.html, FEED_CACHE, etagSeed, modified));
    }
    if (route.kind !== 'feed') return undefined;
    const page = await selectStories(route, fv, newest);
    if (!page) return undefined;
    const modified = lastModified(fv, page.stories);
    const meta = feedMeta(route, page.olderKey, modified ?? now(), page.newerKey);
    const { body, skipped } = renderFeedDetailed(route.format, page.stories, meta);
    for (const s of skipped) deps.logger?.warn('publish: item skipped', { storyId: s.id, reason: s.reason, stage: 'render' });
    const rep = representation(body, CONTENT_TYPE[route.format], FEED_CACHE, etagSeed, modified);
    // RSS and Atom vary on Accept too: a browser gets them as application/xml (forBrowser).
    return keptIf(page.settled, route.format === 'json' ? rep : { ...rep, vary: 'accept, accept-encoding' });
  }

  /**
   * An unsettled rendering (see newestStories) is served under an ETag of its own bytes, not the version's:
   * a reader revalidating with it must not be told 304 once the index has caught up.
   */
  function keptIf(settled: boolean, rep: Representation): Representation {
    return settled ? rep : { ...rep, etag: `"t-${shortHash(rep.body)}"`, transient: true };
  }

  /**
   * The newest maxItems + 1 timeline stories (`newest` when already read). The timeline index is eventually
   * consistent: while the read lacks the story the feed version says its bump added, and that story belongs
   * on this page, it is read again, twice at most (100 and 200 ms later); `settled` says whether it caught up.
   */
  async function newestStories(fv: FeedVersion, newest?: StoredStory[]): Promise<{ got: StoredStory[]; settled: boolean }> {
    if (newest) return settle(fv, newest);
    // The main feeds in three formats and the index page show the same page: read it once per version.
    const stamp = stampOf(fv);
    if (newestMemo?.stamp !== stamp) {
      const page = deps.stories.latest(maxItems + 1).then((got) => settle(fv, got));
      newestMemo = { stamp, page };
      const forget = () => newestMemo?.page === page && (newestMemo = undefined);
      page.then((p) => !p.settled && forget(), forget); // an unsettled or failed read is not reused
    }
    return newestMemo.page;
  }

  async function settle(fv: FeedVersion, first: StoredStory[]): Promise<{ got: StoredStory[]; settled: boolean }> {
    let got = first;
    for (let attempt = 1; lagging(fv, got) && attempt <= INDEX_REREADS; attempt++) {
      await new Promise((r) => setTimeout(r, INDEX_REREAD_MS * attempt));
      got = await deps.stories.latest(maxItems + 1);
    }
    return { got, settled: !lagging(fv, got) };
  }

  function lagging(fv: FeedVersion, got: StoredStory[]): boolean {
    const key = fv.newestKey;
    if (!key) return false;
    const page = got.slice(0, maxItems);
    const belongs = page.length < maxItems || key >= timelineKey(page[page.length - 1]!);
    return belongs && !page.some((s) => timelineKey(s) === key);
  }

  /** The stories of a feed route, and the archive key of the next older page when there is one. */
  async function selectStories(
    route: Route & { kind: 'feed' },
    fv: FeedVersion,
    newest?: StoredStory[],
  ): Promise<{ stories: StoredStory[]; olderKey?: string; newerKey?: string; settled: boolean } | undefined> {
    if (route.scope === 'topic') {
      const out: StoredStory[] = [];
      let before: string | undefined;
      for (let i = 0; i < TOPIC_PAGES && out.length < maxItems; i++) {
        const batch = await deps.stories.latest(TOPIC_PAGE, before);
        out.push(...batch.filter((s) => s.decision.topics.includes(route.topic)));
        if (batch.length < TOPIC_PAGE) break;
        before = timelineKey(batch[batch.length - 1] as StoredStory);
      }
      return { stories: out.slice(0, maxItems), settled: true };
    }
    const before = route.scope === 'archive' ? route.before : undefined;
    let settled = true;
    let got: StoredStory[];
    if (before === undefined) ({ got, settled } = await newestStories(fv, newest));
    else got = await deps.stories.latest(maxItems + 1, before);
    if (route.scope === 'archive' && got.length === 0) return undefined;
    const stories = got.slice(0, maxItems);
    const last = stories[stories.length - 1];
    const olderKey = got.length > maxItems && last ? timelineKey(last) : undefined;
    if (route.scope !== 'archive') return { stories, olderKey, settled };
    // RFC 5005 next-archive: the page that names this one as its prev-archive ends with the story at this page's
    // key; it is the archive page keyed by the story maxItems places newer — or, if there is none, the current
    // feed (then there is no next archive document).
    const newer = await deps.stories.after(route.before, maxItems + 1);
    const newerKey = newer.length > maxItems ? timelineKey(newer[maxItems] as StoredStory) : undefined;
    return { stories, olderKey, newerKey, settled };
  }

  function feedMeta(route: Route & { kind: 'feed' }, olderKey: string | undefined, updated: Date, newerKey?: string): FeedMeta {
    const ext = EXT[route.format];
    const archiveUrl = (key: string) => `${base}/archive/${Buffer.from(key).toString('base64url')}.${ext}`;
    const current = `${base}/feed.${ext}`;
    const topicTitle = route.scope === 'topic' ? ` — ${route.topic}` : '';
    const selfPath =
      route.scope === 'main' ? `/feed.${ext}`
      : route.scope === 'topic' ? `/topics/${encodeURIComponent(route.topic)}.${ext}`
      : `/archive/${Buffer.from(route.before).toString('base64url')}.${ext}`;
    return {
      title: settings.title + topicTitle,
      description: settings.description,
      selfUrl: base + selfPath,
      homeUrl: `${base}/`,
      id: route.scope === 'archive' ? current : undefined,
      language: settings.language,
      updated,
      hubUrl: settings.hubUrl,
      // Relative, so the browser fetches it from the origin it is on (XSLT must be same-origin).
      stylesheetUrl: route.format === 'json' ? undefined : route.scope === 'main' ? 'feed.xsl' : '../feed.xsl',
      archive: {
        prev: olderKey ? archiveUrl(olderKey) : undefined,
        next: newerKey ? archiveUrl(newerKey) : undefined,
        current: route.scope === 'archive' ? current : undefined,
        isArchive: route.scope === 'archive',
      },
    };
  }

  /** When the published timeline last changed: the version stamp, or the newest story on the page. */
  function lastModified(fv: FeedVersion, stories: StoredStory[]): Date | undefined {
    const times = [fv.updatedAt, ...stories.map((s) => s.firstSeen)]
      .map((t) => (t ? Date.parse(t) : NaN))
      .filter((t) => !Number.isNaN(t));
    if (!times.length) return undefined;
    // Never later than now (RFC 9110 §8.8.2.1).
    return new Date(Math.min(Math.max(...times), now().getTime()));
  }

  return { handle };
}


function parseRoute(path: string, topics: string[]): Route | undefined {
  switch (path) {
    case '/':
    case '/index.html':
      return { kind: 'index' };
    case '/feed.xsl':
      return { kind: 'xsl' };
    case '/sources.json':
      return { kind: 'sources-json' };
    case '/sources.opml':
      return { kind: 'opml' };
  }
  const m = /^\/(feed|topics\/([^/]+)|archive\/([A-Za-z0-9_-]+))\.(xml|atom|json)$/.exec(path);
  const format = m && FORMAT_BY_EXT[m[4] ?? ''];
  if (!m || !format) return undefined;
  if (m[1] === 'feed') return { kind: 'feed', format, scope: 'main' };
  if (m[2] !== undefined) {
    let topic: string;
    try {
      topic = decodeURIComponent(m[2]);
    } catch {
      return undefined;
    }
    return topics.includes(topic) ? { kind: 'feed', format, scope: 'topic', topic } : undefined;
  }
  const before = Buffer.from(m[3] ?? '', 'base64url').toString('utf8');
  return /^\d{4}-\d\d-\d\dT[^#]*#.+$/.test(before) ? { kind: 'feed', format, scope: 'archive', before } : undefined;
}
