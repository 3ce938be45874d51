/**
 * The publisher end to end on real parts: stories in memory (the store contract is tested on DynamoDB Local in
 * test/integration/store), the site written into a folder and served on loopback by the local static server,
 * read back over HTTP like a feed reader does.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySourceStore, MemoryStoryStore } from '../../../src/adapters/memory-store';
import { readManifest } from '../../../src/adapters/site-folder';
import { startStaticServer, type RunningStaticServer } from '../../../src/adapters/static-server';
import type { SourceConfig } from '../../../src/core/source';
import type { Logger } from '../../../src/ports';
import { TimelineLagError } from '../../../src/pipeline/publish';
import { createSitePublisher, folderSite } from '../../../src/services/publisher';
import { storedStory } from '../../helpers/stories';

const BASE = 'http://feeds.example';
const NOW = new Date('2026-11-10T12:00:00Z');
const parser = new Parser();
const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const sourceConfigs: SourceConfig[] = [
  { id: 'src1', name: 'Example Wire', url: 'https://news.example/rss', intervalMinutes: 10, enabled: true },
  { id: 'src2', name: 'Never Polled', url: 'https://other.example/rss', intervalMinutes: 10, enabled: true },
];
const servers: RunningStaticServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

/** `n` stories, one per 6 hours back from 2026-11-10T06:00Z (so they span days, some closed, some open). */
async function setup(n = 5, maxItems = 50, topics = ['korea-china', 'sanctions'], hubUrl?: string) {
  const stories = new MemoryStoryStore();
  for (let i = 0; i < n; i++) await stories.putStory(story(i), 0);
  await stories.bumpFeedVersion('2026-11-10T06:00:00.000Z');
  const sources = new MemorySourceStore();
  await sources.put({ sourceId: 'src1', url: 'https://news.example/rss', name: 'Example Wire', consecutiveFailures: 0, itemsSeen: 9, itemsKept: 5, lastFetchedAt: '2026-11-05T00:00:00Z', lastSuccessAt: '2026-11-05T00:00:00Z' });
  const dir = mkdtempSync(join(tmpdir(), 'ws-site-'));
  let now = NOW;
  const publisher = createSitePublisher({
    stores: { stories, sources },
    sink: folderSite(dir),
    settings: { title: 'T', description: 'D', baseUrl: BASE, language: 'en', maxItems, ...(hubUrl ? { hubUrl } : {}) },
    sourceConfigs,
    topics,
    logger: quiet,
    now: () => now,
  });
  const server = await startStaticServer({ dir, port: 0 });
  servers.push(server);
  const publish = async (scope?: 'site' | 'sources') => {
    const out = await publisher.publish(scope);
    server.reload();
    return out;
  };
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${server.url}${path}`, { method, headers });
  return { stories, sources, dir, publish, get, setNow: (d: Date) => (now = d), server };
}

function story(i: number) {
  const published = new Date(Date.UTC(2026, 10, 10, 6) - i * 6 * 3600_000).toISOString();
  return storedStory({ id: `s${i}`, published, firstSeen: published, decision: { kept: true, topics: i % 2 ? ['korea-china', 'sanctions'] : ['korea-china'], score: 1, reason: 'r', matches: [] } });
}

describe('the published site, served from the folder', () => {
  it.each([
    ['/feed.xml', 'application/xml; charset=utf-8'],
    ['/feed.atom', 'application/xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/index.html', 'text/html; charset=utf-8'],
    ['/feed.xsl', 'text/xsl; charset=utf-8'],
    ['/sources.json', 'application/json; charset=utf-8'],
    ['/sources.opml', 'text/x-opml; charset=utf-8'],
    ['/topics/sanctions.xml', 'application/xml; charset=utf-8'],
    ['/archive/2026-11-10.atom', 'application/xml; charset=utf-8'],
  ])('GET %s → 200 %s, with a validator', async (path, type) => {
    // Prepare: more stories than the current feed holds, so there are archive pages
    const { publish, get } = await setup(5, 3);
    await publish();
    // Act
    const r = await get(path);
    // Assess
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(type);
    expect(r.headers.get('etag')).toMatch(/^W\/"[0-9a-f]{32}"$/); // the key's bytes (sha256), weak
    expect(r.headers.get('last-modified')).toBeTruthy();
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([['/nope'], ['/feed.rss'], ['/topics/unknown.xml'], ['/archive/2020-01-01.xml'], ['/.site.json']])('GET %s → 404 JSON', async (path) => {
    const { publish, get } = await setup();
    await publish();
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await r.json()).toEqual({ error: 'not found' });
  });

  it.each([['POST'], ['PUT'], ['DELETE']])('%s /feed.xml → 405 with Allow', async (method) => {
    const { publish, get } = await setup();
    await publish();
    const r = await get('/feed.xml', {}, method);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
  });

  it('holds the latest maxItems stories newest first, with the XSLT for browsers and caching headers', async () => {
    const { publish, get } = await setup(5, 3);
    await publish();
    const r = await get('/feed.xml');
    const body = await r.text();
    const feed = await parser.parseString(body);
    expect(feed.items.map((i) => i.guid)).toEqual(['s0', 's1', 's2'].map((id) => `urn:wiresieve:story:${id}`));
    expect(body).toContain('<?xml-stylesheet href="feed.xsl" type="text/xsl"?>');
    expect(r.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('per-topic feeds hold only that topic', async () => {
    const { publish, get } = await setup(5);
    await publish();
    const feed = await parser.parseString(await (await get('/topics/sanctions.atom')).text());
    expect(feed.items.map((i) => i.id)).toEqual(['s1', 's3'].map((id) => `urn:wiresieve:story:${id}`));
    expect(feed.title).toBe('T — sanctions');
  });

  it('sources.json merges configuration with stored state; a never-polled source is pending', async () => {
    const { publish, get } = await setup();
    await publish();
    const r = await get('/sources.json');
    const doc = (await r.json()) as { sources: Array<Record<string, unknown>> };
    expect(r.headers.get('cache-control')).toBe('public, max-age=60');
    expect(doc.sources).toEqual([
      expect.objectContaining({ name: 'Example Wire', status: 'ok', itemsSeen: 9, itemsKept: 5 }),
      expect.objectContaining({ name: 'Never Polled', status: 'pending', consecutiveFailures: 0 }),
    ]);
  });
});

describe('HTTP from the static server: 304, HEAD, precompressed', () => {
  it('answers 304 to its own ETag (with Cache-Control) and 200 to a stale one', async () => {
    const { publish, get } = await setup();
    await publish();
    const first = await get('/feed.xml', { 'accept-encoding': 'identity' });
    const etag = first.headers.get('etag')!;
    const again = await get('/feed.xml', { 'if-none-match': etag, 'accept-encoding': 'identity' });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect((await get('/feed.xml', { 'if-none-match': 'W/"1-1"', 'accept-encoding': 'identity' })).status).toBe(200);
  });

  it('HEAD sends the GET headers with Content-Length and no body', async () => {
    const { publish, get } = await setup();
    await publish();
    const g = await get('/feed.json', { 'accept-encoding': 'identity' });
    const h = await get('/feed.json', { 'accept-encoding': 'identity' }, 'HEAD');
    expect(h.status).toBe(200);
    expect(h.headers.get('content-length')).toBe(g.headers.get('content-length'));
    expect(h.headers.get('etag')).toBe(g.headers.get('etag'));
    expect(await h.text()).toBe('');
  });

  it('sends the precompressed brotli or gzip copy to a client that accepts it, the same bytes decoded', async () => {
    const { publish, get, dir } = await setup();
    await publish();
    const identity = readFileSync(join(dir, 'feed.atom'));
    for (const [coding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const r = await fetch(`${(await get('/feed.atom')).url}`, { headers: { 'accept-encoding': coding } });
      expect(r.headers.get('content-encoding')).toBe(coding);
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
      expect(r.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      // fetch decodes the body itself; compare with the file on disk
      expect(Buffer.from(await r.arrayBuffer()).equals(identity)).toBe(true);
      expect(decode(readFileSync(join(dir, `feed.atom.${coding === 'br' ? 'br' : 'gz'}`))).equals(identity)).toBe(true);
    }
  });
});

describe('render on write: only what changed is written', () => {
  it('writes nothing the second time for an unchanged feed, and the changed routes after one new story', async () => {
    const { publish, stories, dir } = await setup(5);
    const first = await publish();
    expect(first.written).toHaveLength(13); // 3 main feeds, 6 topic feeds, index, xsl, opml, sources.json; no archive (all 5 in the feed)
    expect(readdirSync(dir)).toContain('.site.json');
    const unchanged = await publish();
    expect(unchanged.written).toEqual([]);
    // One new story today: the main feeds, index, its topic's feeds and today's archive page change; the
    // source list (sources.opml) does not.
    const s = storedStory({ id: 'new', published: '2026-11-10T09:00:00.000Z', firstSeen: '2026-11-10T09:00:00.000Z' });
    await stories.putStory(s, 0);
    await stories.bumpFeedVersion('2026-11-10T09:00:01.000Z', '2026-11-10T09:00:00.000Z#new');
    const changed = await publish();
    expect(changed.written.sort()).toEqual([
      'feed.atom', 'feed.json', 'feed.xml', 'index.html',
      'topics/korea-china.atom', 'topics/korea-china.json', 'topics/korea-china.xml',
    ]);
  });

  it('deletes the feeds of a topic removed from the rules: 404, not a feed that never changes again', async () => {
    // Prepare: a site published with two topics, then a publisher whose rules have one
    const before = await setup(5, 50);
    await before.publish();
    const after = createSitePublisher({
      stores: { stories: before.stories, sources: before.sources },
      sink: folderSite(before.dir),
      settings: { title: 'T', description: 'D', baseUrl: BASE, language: 'en', maxItems: 50 },
      sourceConfigs,
      topics: ['korea-china'],
      logger: quiet,
      now: () => NOW,
    });
    // Act
    const out = await after.publish();
    before.server.reload();
    // Assess
    expect(out.deleted?.sort()).toEqual(['topics/sanctions.atom', 'topics/sanctions.json', 'topics/sanctions.xml']);
    expect(readdirSync(join(before.dir, 'topics')).sort()).toEqual(['korea-china.atom', 'korea-china.atom.br', 'korea-china.atom.gz', 'korea-china.json', 'korea-china.json.br', 'korea-china.json.gz', 'korea-china.xml', 'korea-china.xml.br', 'korea-china.xml.gz']);
    expect((await before.get('/topics/sanctions.xml')).status).toBe(404);
    expect((await before.get('/topics/korea-china.xml')).status).toBe(200);
  });

  it('pings the WebSub hub after the feeds were written, and not when nothing changed', async () => {
    // Prepare: a hub on loopback that records what it is sent
    const pings: string[] = [];
    const hub = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        pings.push(body);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
    try {
      const { publish, stories } = await setup(3, 50, ['korea-china'], `http://127.0.0.1:${(hub.address() as AddressInfo).port}/hub`);
      // Act
      await publish();
      await publish();
      await stories.putStory(storedStory({ id: 'new', published: '2026-11-10T09:00:00.000Z', firstSeen: '2026-11-10T09:00:00.000Z' }), 0);
      await stories.bumpFeedVersion('2026-11-10T09:00:01.000Z', '2026-11-10T09:00:00.000Z#new');
      await publish();
      // Assess: the first publish and the one after the new story, each naming the three feeds
      expect(pings).toHaveLength(2);
      expect(new URLSearchParams(pings[1]).getAll('hub.url')).toEqual(['/feed.xml', '/feed.atom', '/feed.json'].map((p) => BASE + p));
      expect(new URLSearchParams(pings[1]).get('hub.mode')).toBe('publish');
    } finally {
      hub.close();
    }
  });

  it('scope sources rewrites /sources.json alone', async () => {
    const { publish, sources } = await setup();
    await publish();
    await sources.put({ sourceId: 'src2', url: 'https://other.example/rss', name: 'Never Polled', consecutiveFailures: 1, itemsSeen: 0, itemsKept: 0, lastError: 'fetch: timeout' });
    const out = await publish('sources');
    expect(out.written).toEqual(['sources.json']);
  });

  it('refuses to publish from a timeline index that lacks the story the feed version names, and writes nothing', async () => {
    // Prepare: the version names a story the index does not (yet) show
    const { publish, stories, dir } = await setup(3);
    await publish();
    const before = readManifest(dir);
    await stories.bumpFeedVersion('2026-11-10T11:59:58.000Z', '2026-11-10T09:59:00.000Z#not-yet-indexed');
    // Act / Assess
    await expect(publish()).rejects.toBeInstanceOf(TimelineLagError);
    expect(readManifest(dir)).toEqual(before);
  });

  it('publishes without the story a bump named long ago: it has left the timeline since (TTL), the index is not behind', async () => {
    const { publish, stories } = await setup(3);
    await stories.bumpFeedVersion('2026-11-10T11:00:00.000Z', '2026-11-10T10:59:00.000Z#expired-since');
    await expect(publish()).resolves.toMatchObject({ version: 2 });
  });
});

describe('fixed RFC 5005 archives', () => {
  it('are not made while the current feed holds the whole timeline', async () => {
    const { publish, get } = await setup(5, 50);
    const out = await publish();
    expect(out.written.filter((k) => k.startsWith('archive/'))).toEqual([]);
    expect(await (await get('/feed.atom')).text()).not.toContain('prev-archive');
  });

  it('one page per day: the current feed links its oldest story\'s day, each page its neighbours and the current feed', async () => {
    // 5 stories, 6 h apart: 11-10 (s0 06:00, s1 00:00), 11-09 (s2 18:00, s3 12:00, s4 06:00)
    const { publish, get } = await setup(5, 3);
    await publish();
    const current = await get('/feed.atom').then((r) => r.text());
    expect(current).toContain('<link rel="prev-archive" href="http://feeds.example/archive/2026-11-09.atom"/>');
    const day9 = await get('/archive/2026-11-09.atom');
    const body9 = await day9.text();
    expect((await parser.parseString(body9)).items.map((i) => i.id)).toEqual(['s2', 's3', 's4'].map((id) => `urn:wiresieve:story:${id}`));
    expect(body9).toContain('<fh:archive/>');
    expect(body9).toContain('<link rel="next-archive" href="http://feeds.example/archive/2026-11-10.atom"/>');
    expect(body9).toContain('<link rel="current" href="http://feeds.example/feed.atom"/>');
    expect(body9).not.toContain('prev-archive');
    expect(day9.headers.get('cache-control')).toBe('public, max-age=300'); // still open: within 3 days
  });

  it('a day that closed is written one last time with a long Cache-Control, and never again', async () => {
    const { publish, get, stories, setNow } = await setup(5, 3);
    await publish();
    // Four days later 11-09 has closed.
    setNow(new Date('2026-11-14T00:00:00Z'));
    const closing = await publish();
    expect(closing.written).toContain('archive/2026-11-09.xml');
    expect((await get('/archive/2026-11-09.xml')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = await (await get('/archive/2026-11-09.xml')).text();
    // A late story of 11-09 changes the feeds but not the closed page.
    await stories.putStory(storedStory({ id: 'late', published: '2026-11-09T20:00:00.000Z', firstSeen: '2026-11-14T00:00:00.000Z' }), 0);
    await stories.bumpFeedVersion('2026-11-14T00:00:01.000Z', '2026-11-09T20:00:00.000Z#late');
    const after = await publish();
    expect(after.written).toContain('feed.xml');
    expect(after.written).not.toContain('archive/2026-11-09.xml');
    expect(await (await get('/archive/2026-11-09.xml')).text()).toBe(bytes);
  });
});
