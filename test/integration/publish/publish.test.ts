import { gunzipSync, gzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { describe, expect, it, vi } from 'vitest';
import { MemoryRenderingStore, MemorySourceStore, MemoryStoryStore } from '../../../src/adapters/memory-store';
import type { SourceConfig } from '../../../src/core/source';
import type { HttpRequest, HttpResponse } from '../../../src/ports';
import { createPublisher, type PublisherDeps } from '../../../src/pipeline/publish';
import { storedStory } from '../../helpers/stories';

const BASE = 'http://feeds.example';
const NOW = new Date('2026-11-10T00:00:00Z');
const parser = new Parser();
const sourceConfigs: SourceConfig[] = [
  { id: 'src1', name: 'Example Wire', url: 'https://news.example/rss', intervalMinutes: 10, enabled: true },
  { id: 'src2', name: 'Never Polled', url: 'https://other.example/rss', intervalMinutes: 10, enabled: true },
];

async function setup(n = 5, maxItems = 50) {
  const stories = new MemoryStoryStore();
  for (let i = 0; i < n; i++) {
    const published = new Date(Date.UTC(2026, 10, 1, i)).toISOString();
    await stories.putStory(
      storedStory({ id: `s${i}`, published, firstSeen: published, decision: { kept: true, topics: i % 2 ? ['korea-china', 'sanctions'] : ['korea-china'], score: 1, reason: 'r', matches: [] } }),
      0,
    );
  }
  await stories.bumpFeedVersion('2026-11-05T00:00:00.000Z');
  const sources = new MemorySourceStore();
  await sources.put({ sourceId: 'src1', url: 'https://news.example/rss', name: 'Example Wire', consecutiveFailures: 0, itemsSeen: 9, itemsKept: 5, lastFetchedAt: '2026-11-05T00:00:00Z', lastSuccessAt: '2026-11-05T00:00:00Z' });
  /** Another publisher over the same stores — another process or Lambda container. */
  const container = (extra: Partial<PublisherDeps> = {}) =>
    createPublisher({
      stories,
      sources,
      settings: { title: 'T', description: 'D', baseUrl: BASE, language: 'en', maxItems },
      sourceConfigs,
      topics: ['korea-china', 'sanctions'],
      now: () => NOW,
      ...extra,
    });
  const publisher = container();
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<HttpResponse> =>
    publisher.handle({ method, path, query: {}, headers } satisfies HttpRequest);
  return { stories, sources, publisher, get, container };
}

const text = (r: HttpResponse): string => (typeof r.body === 'string' ? r.body : r.body.toString('utf8'));

describe('publisher routes', () => {
  it.each([
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/feed.atom', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/feed.xsl', 'text/xsl; charset=utf-8'],
    ['/sources.json', 'application/json; charset=utf-8'],
    ['/sources.opml', 'text/x-opml; charset=utf-8'],
    ['/topics/sanctions.xml', 'application/rss+xml; charset=utf-8'],
  ])('GET %s → 200 %s', async (path, type) => {
    // Prepare
    const { get } = await setup();
    // Act
    const r = await get(path);
    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(type);
    expect(r.headers.etag).toMatch(/^"[^"]+"$/);
  });

  it.each([['/nope'], ['/feed.rss'], ['/topics/unknown.xml'], ['/archive/!!.xml'], ['/archive/bm90LWEta2V5.xml']])(
    'GET %s → 404 JSON',
    async (path) => {
      const { get } = await setup();
      const r = await get(path);
      expect(r.status).toBe(404);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(text(r))).toEqual({ error: 'not found' });
    },
  );

  it.each([['POST'], ['PUT'], ['DELETE']])('%s /feed.xml → 405 with Allow', async (method) => {
    const { get } = await setup();
    const r = await get('/feed.xml', {}, method);
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
  });

  it('serves the latest maxItems stories newest first, with caching headers', async () => {
    // Prepare
    const { get } = await setup(5, 3);
    // Act
    const r = await get('/feed.xml');
    const feed = await parser.parseString(text(r));
    // Assess
    expect(feed.items.map((i) => i.guid)).toEqual(['s4', 's3', 's2'].map((id) => `urn:wiresieve:story:${id}`));
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.headers['last-modified']).toBe('Thu, 05 Nov 2026 00:00:00 GMT');
    expect(r.headers.vary).toBe('accept, accept-encoding');
  });

  it('per-topic feeds hold only that topic', async () => {
    const { get } = await setup(5);
    const feed = await parser.parseString(text(await get('/topics/sanctions.atom')));
    expect(feed.items.map((i) => i.id)).toEqual(['s3', 's1'].map((id) => `urn:wiresieve:story:${id}`));
    expect(feed.title).toBe('T — sanctions');
  });

  it('sources.json merges configuration with stored state; a never-polled source is pending', async () => {
    const { get } = await setup();
    const r = await get('/sources.json');
    const doc = JSON.parse(text(r)) as { sources: Array<Record<string, unknown>> };
    expect(r.headers['cache-control']).toBe('public, max-age=60');
    expect(doc.sources).toEqual([
      expect.objectContaining({ name: 'Example Wire', status: 'ok', itemsSeen: 9, itemsKept: 5, lastSuccessAt: '2026-11-05T00:00:00Z' }),
      expect.objectContaining({ name: 'Never Polled', url: 'https://other.example/rss', status: 'pending', consecutiveFailures: 0 }),
    ]);
  });

  it('OPML lists the configured sources', async () => {
    const { get } = await setup();
    const opml = text(await get('/sources.opml'));
    expect(opml).toContain('xmlUrl="https://news.example/rss"');
    expect(opml).toContain('xmlUrl="https://other.example/rss"');
  });

  it('gives a browser (Accept: text/html) the feed as application/xml so the XSLT applies', async () => {
    const { get } = await setup();
    const r = await get('/feed.xml', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(r.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(text(r)).toContain('<?xml-stylesheet href="feed.xsl" type="text/xsl"?>');
    expect(r.headers.etag).not.toBe((await get('/feed.xml')).headers.etag);
  });
});

describe('RFC 5005 archives', () => {
  it.each([['xml'], ['atom'], ['json']])('walking prev-archive from /feed.%s reaches every story once', async (ext) => {
    // Prepare
    const { get } = await setup(8, 3);
    const seen: string[] = [];
    let path: string | undefined = `/feed.${ext}`;
    let pages = 0;
    // Act
    while (path && pages < 10) {
      const r = await get(path);
      expect(r.status).toBe(200);
      const body = text(r);
      let prev: string | undefined;
      if (ext === 'json') {
        const doc = JSON.parse(body) as { items: Array<{ id: string }>; next_url?: string };
        seen.push(...doc.items.map((i) => i.id));
        prev = doc.next_url;
      } else {
        seen.push(...(await parser.parseString(body)).items.map((i) => (i.guid ?? i.id) as string));
        prev = /rel="prev-archive" href="([^"]+)"/.exec(body)?.[1];
        if (pages > 0) {
          expect(body).toContain(`rel="current" href="${BASE}/feed.${ext}"`);
          expect(body).toContain('<fh:archive/>');
        }
      }
      path = prev?.slice(BASE.length);
      pages++;
    }
    // Assess
    expect(pages).toBe(3);
    expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1, 0].map((i) => `urn:wiresieve:story:s${i}`));
  });

  it('links each archive page to the next newer archive page, which links back as prev-archive', async () => {
    // Prepare: 11 stories, 3 per page → current + 3 archive pages.
    const { get } = await setup(11, 3);
    const prevOf = async (path: string): Promise<string | undefined> => /rel="prev-archive" href="([^"]+)"/.exec(text(await get(path)))?.[1]?.slice(BASE.length);
    const nextOf = async (path: string): Promise<string | undefined> => /rel="next-archive" href="([^"]+)"/.exec(text(await get(path)))?.[1]?.slice(BASE.length);
    // Act
    const a1 = (await prevOf('/feed.atom'))!;
    const a2 = (await prevOf(a1))!;
    const a3 = (await prevOf(a2))!;
    // Assess: the oldest page has no prev; next-archive walks back up; the newest archive page has no next
    // (the page after it is the current feed, linked as rel="current").
    expect(await prevOf(a3)).toBeUndefined();
    expect(await nextOf(a3)).toBe(a2);
    expect(await nextOf(a2)).toBe(a1);
    expect(await nextOf(a1)).toBeUndefined();
    expect(await nextOf('/feed.atom')).toBeUndefined();
  });
});

describe('conditional requests, HEAD and gzip', () => {
  it('answers 304 to a matching If-None-Match, with the validators, and 200 to a stale one', async () => {
    const { get } = await setup();
    const first = await get('/feed.atom');
    const again = await get('/feed.atom', { 'if-none-match': first.headers.etag as string });
    const stale = await get('/feed.atom', { 'if-none-match': '"other"' });
    expect(again.status).toBe(304);
    expect(text(again)).toBe('');
    expect(again.headers).toMatchObject({ etag: first.headers.etag, 'cache-control': 'public, max-age=300', 'last-modified': first.headers['last-modified'] });
    expect(stale.status).toBe(200);
  });

  it.each([
    ['a date at Last-Modified', { 'if-modified-since': 'Thu, 05 Nov 2026 00:00:00 GMT' }, 304],
    ['a later date', { 'if-modified-since': 'Fri, 06 Nov 2026 00:00:00 GMT' }, 304],
    ['an earlier date', { 'if-modified-since': 'Wed, 04 Nov 2026 00:00:00 GMT' }, 200],
    ['garbage', { 'if-modified-since': 'not a date' }, 200],
    ['If-None-Match that does not match, which wins over If-Modified-Since', { 'if-none-match': '"x"', 'if-modified-since': 'Fri, 06 Nov 2026 00:00:00 GMT' }, 200],
    ['a list of tags including the weak form of ours', { 'if-none-match': '"x", W/"ETAG"' }, 304],
    ['*', { 'if-none-match': '*' }, 304],
  ])('If-Modified-Since / If-None-Match with %s → %i', async (_name, headers, status) => {
    // Prepare
    const { get } = await setup();
    const etag = (await get('/feed.xml')).headers.etag as string;
    const h = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('"ETAG"', etag)]));
    // Act
    const r = await get('/feed.xml', h);
    // Assess
    expect(r.status).toBe(status);
  });

  it('answers a revalidation on a fresh publisher (a cold container) with 304 without reading the stories', async () => {
    // Prepare: one publisher renders and hands out the ETag; a second one, as a new container would, gets the revalidation
    const { stories, get, container } = await setup();
    const first = await get('/feed.xml', { 'accept-encoding': 'gzip' });
    let reads = 0;
    const counting = Object.assign(Object.create(stories) as MemoryStoryStore, { latest: (...a: Parameters<MemoryStoryStore['latest']>) => (reads++, stories.latest(...a)) });
    const cold = container({ stories: counting });
    const revalidate = (headers: Record<string, string>) => cold.handle({ method: 'GET', path: '/feed.xml', query: {}, headers });
    // Act
    const gz = await revalidate({ 'if-none-match': first.headers.etag as string, 'accept-encoding': 'gzip' });
    const identity = await revalidate({ 'if-none-match': (first.headers.etag as string).replace('-gz"', '"') });
    // Assess
    expect(first.headers.etag).toMatch(/-gz"$/);
    expect(gz).toMatchObject({ status: 304, body: '' });
    expect(gz.headers).toMatchObject({ etag: first.headers.etag, 'cache-control': 'public, max-age=300', vary: 'accept, accept-encoding' });
    expect(identity.status).toBe(304);
    expect(reads).toBe(0);
    // …and once the feed changes, the same tag gets the new rendering
    await stories.bumpFeedVersion('2026-11-06T00:00:00.000Z');
    const changed = await revalidate({ 'if-none-match': first.headers.etag as string, 'accept-encoding': 'gzip' });
    expect(changed.status).toBe(200);
    expect(reads).toBe(1);
  });

  it('renders (and 404s) an unknown archive page even when asked with If-None-Match: *', async () => {
    const { get } = await setup();
    const r = await get(`/archive/${Buffer.from('2001-01-01T00:00:00.000Z#nothing').toString('base64url')}.xml`, { 'if-none-match': '*' });
    expect(r.status).toBe(404);
  });

  it('HEAD sends the GET headers with Content-Length and no body', async () => {
    const { get } = await setup();
    const g = await get('/feed.json');
    const h = await get('/feed.json', {}, 'HEAD');
    expect(h.status).toBe(200);
    expect(text(h)).toBe('');
    expect(h.headers['content-length']).toBe(String(Buffer.byteLength(text(g))));
    expect(h.headers.etag).toBe(g.headers.etag);
  });

  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.5', true],
    ['*', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['', false],
  ])('Accept-Encoding "%s" → gzip %s', async (ae, gz) => {
    // Prepare
    const { get } = await setup();
    const plain = text(await get('/feed.xml'));
    // Act
    const r = await get('/feed.xml', ae ? { 'accept-encoding': ae } : {});
    // Assess
    expect(r.headers['content-encoding']).toBe(gz ? 'gzip' : undefined);
    expect(r.headers.vary).toContain('accept-encoding');
    const body = gz ? gunzipSync(r.body as Buffer).toString('utf8') : text(r);
    expect(body).toBe(plain);
  });

  it('compresses a cached rendering once, for feed readers and browsers alike', async () => {
    // Prepare
    const { get } = await setup();
    const gz = { 'accept-encoding': 'gzip' };
    // Act
    const first = await get('/feed.xml', gz);
    const second = await get('/feed.xml', gz);
    const browser = await get('/feed.xml', { ...gz, accept: 'text/html' });
    // Assess: the very same gzipped buffer each time, not a fresh compression per request
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(second.body).toBe(first.body);
    expect(browser.body).toBe(first.body);
  });
});

describe('render once per feed version', () => {
  it('a first request reads stories and version together; an unchanged feed then costs one feedVersion() read; a new version re-renders', async () => {
    // Prepare
    const { stories, get } = await setup(3);
    const together = vi.spyOn(stories, 'newestWithVersion');
    const latest = vi.spyOn(stories, 'latest');
    const version = vi.spyOn(stories, 'feedVersion');
    const first = await get('/feed.xml');
    expect([together.mock.calls.length, version.mock.calls.length]).toEqual([1, 0]);
    latest.mockClear();
    // Act
    const second = await get('/feed.xml');
    const third = await get('/feed.xml', { 'if-none-match': first.headers.etag as string });
    // Assess
    expect(latest).toHaveBeenCalledTimes(0);
    expect(version).toHaveBeenCalledTimes(2);
    expect(together).toHaveBeenCalledTimes(1);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(third.status).toBe(304);

    // Act: a poll adds a story and bumps the version
    await stories.putStory(storedStory({ id: 'new', title: 'Fresh story', published: '2026-11-09T00:00:00.000Z', firstSeen: '2026-11-09T00:00:00.000Z' }), 0);
    await stories.bumpFeedVersion('2026-11-09T00:00:01.000Z');
    const fourth = await get('/feed.xml', { 'if-none-match': first.headers.etag as string });
    // Assess
    expect(fourth.status).toBe(200);
    expect(fourth.headers.etag).not.toBe(first.headers.etag);
    expect(text(fourth)).toContain('Fresh story');
    expect(latest).toHaveBeenCalledTimes(1);
  });

  it('shares renderings between containers: a fresh one serves what another rendered for this version, without reading stories', async () => {
    // Prepare: two publishers (two Lambda containers) over one store and one rendering store
    const { stories, container } = await setup(3);
    const renderings = new MemoryRenderingStore(stories);
    const containerWithSharing = () => container({ renderings });
    const get = (p: ReturnType<typeof containerWithSharing>, headers: Record<string, string> = {}) => p.handle({ method: 'GET', path: '/feed.xml', query: {}, headers });
    const first = await get(containerWithSharing(), { 'accept-encoding': 'gzip' });
    const reads = [vi.spyOn(stories, 'latest'), vi.spyOn(stories, 'newestWithVersion')];
    // Act
    const second = await get(containerWithSharing());
    // Assess
    expect(reads.map((r) => r.mock.calls.length)).toEqual([0, 0]);
    expect(text(second)).toBe(gunzipSync(first.body as Buffer).toString('utf8'));
    expect(second.headers.etag).toBe((first.headers.etag as string).replace('-gz"', '"'));
    expect(second.headers['last-modified']).toBe(first.headers['last-modified']);

    // Act: the feed changes; a third container renders the new version and shares it in turn
    await stories.putStory(storedStory({ id: 'new', title: 'Fresh story', published: '2026-11-09T00:00:00.000Z', firstSeen: '2026-11-09T00:00:00.000Z' }), 0);
    await stories.bumpFeedVersion('2026-11-09T00:00:01.000Z');
    const third = await get(containerWithSharing());
    const fourth = await get(containerWithSharing());
    // Assess
    expect(text(third)).toContain('Fresh story');
    expect(reads[0]!.mock.calls.length).toBe(1);
    expect(text(fourth)).toBe(text(third));
  });

  it('with reuseSharedRenderings false (the render function), renders anew and replaces the shared copy of this version', async () => {
    // Prepare: a feed container shared its rendering of the current version; mark the stored copy
    const { stories, container } = await setup(3);
    const renderings = new MemoryRenderingStore(stories);
    const req = { method: 'GET', path: '/feed.xml', query: {}, headers: {} };
    await container({ renderings }).handle(req);
    const shared = renderings.renderings.get('/feed.xml')!;
    shared.rendering = { ...shared.rendering, gzipped: gzipSync('<rss>stale</rss>') };
    const latest = vi.spyOn(stories, 'latest');
    // Act
    const fresh = await container({ renderings, reuseSharedRenderings: false }).handle(req);
    // Assess
    expect(latest).toHaveBeenCalledTimes(1);
    expect(text(fresh)).toContain('<rss');
    expect(text(fresh)).not.toContain('stale');
    expect(gunzipSync(renderings.renderings.get('/feed.xml')!.rendering.gzipped).toString('utf8')).toBe(text(fresh));
  });

  // The timeline is a DynamoDB GSI, eventually consistent; DynamoDB Local never lags, so the lag is injected
  // here by a store whose latest() leaves out the newest story for its first `lagging` reads (a stand-in).
  async function lagged(lagging: number) {
    const { stories, container } = await setup(3);
    const fresh = storedStory({ id: 'late', title: 'Late story', published: '2026-11-09T00:00:00.000Z', firstSeen: '2026-11-09T00:00:00.000Z' });
    await stories.putStory(fresh, 0);
    await stories.bumpFeedVersion('2026-11-09T00:00:01.000Z', `${fresh.published}#${fresh.id}`);
    let reads = 0;
    const real = stories.latest.bind(stories);
    vi.spyOn(stories, 'latest').mockImplementation(async (n, before) => (++reads <= lagging ? (await real(n + 1, before)).filter((s) => s.id !== 'late').slice(0, n) : real(n, before)));
    const renderings = new MemoryRenderingStore(stories);
    const p = container({ renderings });
    const get = (headers: Record<string, string> = {}) => p.handle({ method: 'GET', path: '/feed.xml', query: {}, headers });
    return { get, renderings, reads: () => reads };
  }

  it('reads a lagging timeline index again until it has the story the version names', async () => {
    // Prepare
    const { get, reads } = await lagged(1);
    // Act
    const r = await get();
    // Assess
    expect(text(r)).toContain('Late story');
    expect(reads()).toBe(2);
    expect(r.headers.etag).not.toMatch(/^"t-/);
  });

  it('serves a rendering from an index that never caught up under its own ETag, and neither keeps nor shares it', async () => {
    // Prepare: lagging longer than the re-reads (1 + 2)
    const { get, renderings, reads } = await lagged(3);
    // Act
    const first = await get();
    const sharedAfterFirst = renderings.renderings.size;
    const revalidated = await get({ 'if-none-match': first.headers.etag as string });
    // Assess
    expect(text(first)).not.toContain('Late story');
    expect(first.headers.etag).toMatch(/^"t-/);
    expect(sharedAfterFirst).toBe(0);
    expect(revalidated.status).toBe(200); // read again, now caught up, under the version's ETag
    expect(text(revalidated)).toContain('Late story');
    expect(reads()).toBe(4);
    expect(renderings.renderings.size).toBe(1);
  });

  it('still answers when a rendering cannot be shared, and says so in the log', async () => {
    // Prepare
    const { stories, container } = await setup(3);
    const renderings = new MemoryRenderingStore(stories);
    vi.spyOn(renderings, 'putRendering').mockRejectedValue(new Error('throttled'));
    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: (m: string) => void warnings.push(m), error: () => {} };
    const p = container({ renderings, logger });
    // Act
    const r = await p.handle({ method: 'GET', path: '/feed.xml', query: {}, headers: {} });
    // Assess
    expect(r.status).toBe(200);
    expect(warnings).toEqual(['publish: cannot share a rendering']);
  });

  it('renders from the combined read the same ETag and body as from the version read then the story read', async () => {
    // Prepare: two publishers over one store
    const { stories, get, container } = await setup(3);
    const other = container();
    const together = vi.spyOn(stories, 'newestWithVersion');
    // Act: a plain first GET (one combined read), and a conditional one that misses (version, then stories)
    const cold = await get('/feed.xml');
    const warm = await other.handle({ method: 'GET', path: '/feed.xml', query: {}, headers: { 'if-none-match': '"stale"' } });
    expect(together).toHaveBeenCalledTimes(1);
    // Assess
    expect(cold.headers.etag).toBe(warm.headers.etag);
    expect(text(cold)).toBe(text(warm));
  });

  it('reads the newest page once per version for the main feeds in every format and the index page', async () => {
    const { stories, get } = await setup(3);
    const latest = vi.spyOn(stories, 'latest');
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/']) expect((await get(path, { 'if-none-match': '"x"' })).status).toBe(200);
    expect(latest).toHaveBeenCalledTimes(1);
    await stories.bumpFeedVersion('2026-11-06T00:00:00.000Z');
    await get('/feed.json');
    expect(latest).toHaveBeenCalledTimes(2);
  });

  it('reads and renders once for concurrent requests of the same version', async () => {
    const { stories, get } = await setup(3);
    const reads = [vi.spyOn(stories, 'latest'), vi.spyOn(stories, 'newestWithVersion')];
    const bodies = await Promise.all(Array.from({ length: 10 }, () => get('/feed.atom')));
    expect(reads.map((r) => r.mock.calls.length)).toEqual([1, 1]); // newestWithVersion reads through latest once
    expect(new Set(bodies.map(text)).size).toBe(1);
  });

  it('store down: serves the last rendering if there is one, else a generic 503', async () => {
    // Prepare
    const { stories, get } = await setup(3);
    const ok = await get('/feed.xml');
    for (const read of ['feedVersion', 'newestWithVersion', 'latest'] as const) vi.spyOn(stories, read).mockRejectedValue(new Error('dynamodb: secret internal detail'));
    // Act
    const cachedRoute = await get('/feed.xml');
    const uncached = await get('/feed.json');
    // Assess
    expect(cachedRoute.status).toBe(200);
    expect(text(cachedRoute)).toBe(text(ok));
    expect(uncached.status).toBe(503);
    expect(text(uncached)).not.toContain('secret');
  });
});
