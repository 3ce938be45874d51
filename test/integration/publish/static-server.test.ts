/**
 * The local static server on its own: objects written by the folder sink of local mode into a temporary folder,
 * served on loopback, read back over HTTP. What the published site looks like is test/integration/publish;
 * this is what the server adds: its files held in memory (read once, forgotten on reload when their key
 * changed, within a byte limit), conditional requests, the precompressed copies, encoded paths.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFolderSink } from '../../../src/adapters/site-folder';
import { startStaticServer, type RunningStaticServer } from '../../../src/adapters/static-server';
import type { SiteObject } from '../../../src/core/site';

const servers: RunningStaticServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const obj = (key: string, text: string, over: Partial<SiteObject> = {}): SiteObject => ({
  key,
  body: Buffer.from(text),
  contentType: 'application/xml; charset=utf-8',
  cacheControl: 'public, max-age=300',
  ...over,
});

/** A folder with `objects` written by the folder sink, and the server on it. */
async function site(objects: SiteObject[], cacheBytes?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ws-static-'));
  const sink = createFolderSink(dir);
  await sink.write(objects);
  const server = await startStaticServer({ dir, port: 0, ...(cacheBytes === undefined ? {} : { cacheBytes }) });
  servers.push(server);
  return { dir, sink, server };
}

/** A GET with node:http (fetch would decode the body and add Accept-Encoding). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the static server keeps the files it served in memory', () => {
  it('answers from memory after the first request: the file gone from disk (manifest unchanged) is still served, also after a reload', async () => {
    // Prepare
    const { dir, server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    const first = await get(server.url, '/feed.xml');
    // Act: the file is removed behind the server's back
    rmSync(join(dir, 'feed.xml'));
    const again = await get(server.url, '/feed.xml');
    server.reload();
    const afterReload = await get(server.url, '/feed.xml');
    // Assess
    expect(first.body.toString()).toBe('<rss>one</rss>');
    expect(again.status).toBe(200);
    expect(again.body.equals(first.body)).toBe(true);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(afterReload.body.equals(first.body)).toBe(true);
    expect(server.cachedBytes()).toBe(first.body.length);
  });

  it('with no room for files (cacheBytes 0) reads the disk for each request', async () => {
    const { dir, server } = await site([obj('feed.xml', '<rss>one</rss>')], 0);
    expect((await get(server.url, '/feed.xml')).status).toBe(200);
    rmSync(join(dir, 'feed.xml'));
    const again = await get(server.url, '/feed.xml');
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body.toString())).toEqual({ error: 'not found' });
    expect(server.cachedBytes()).toBe(0);
  });

  it('serves the new bytes after a write and reload, with a new ETag: the old one gets 200, the new one 304', async () => {
    // Prepare
    const { sink, server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    const before = await get(server.url, '/feed.xml');
    // Act
    await sink.write([obj('feed.xml', '<rss>two, longer</rss>')]);
    server.reload();
    const after = await get(server.url, '/feed.xml');
    // Assess
    expect(after.body.toString()).toBe('<rss>two, longer</rss>');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect((await get(server.url, '/feed.xml', { 'if-none-match': String(before.headers.etag) })).status).toBe(200);
    expect((await get(server.url, '/feed.xml', { 'if-none-match': String(after.headers.etag) })).status).toBe(304);
  });

  it('takes a new Cache-Control for the same bytes at reload, on 200 and 304', async () => {
    const { dir, server } = await site([obj('archive/2026-11-09.xml', '<rss>day</rss>')]);
    const open = await get(server.url, '/archive/2026-11-09.xml');
    expect(open.headers['cache-control']).toBe('public, max-age=300');
    // The day closes: written one last time, the same bytes with the long Cache-Control.
    await createFolderSink(dir).write([obj('archive/2026-11-09.xml', '<rss>day</rss>', { cacheControl: 'public, max-age=31536000, immutable', fixed: true })]);
    server.reload();
    const closed = await get(server.url, '/archive/2026-11-09.xml');
    expect(closed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const revalidated = await get(server.url, '/archive/2026-11-09.xml', { 'if-none-match': String(closed.headers.etag) });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('forgets a key pruned from the manifest at reload, though it was in memory', async () => {
    const { sink, server } = await site([obj('topics/a.xml', '<rss>a</rss>'), obj('topics/b.xml', '<rss>b</rss>')]);
    expect((await get(server.url, '/topics/b.xml')).status).toBe(200);
    await sink.prune('topics/', new Set(['topics/a.xml']));
    server.reload();
    expect((await get(server.url, '/topics/b.xml')).status).toBe(404);
    expect((await get(server.url, '/topics/a.xml')).status).toBe(200);
    expect(server.cachedBytes()).toBe('<rss>a</rss>'.length);
  });

  it('holds at most cacheBytes, least recently used out first, and still serves every file right, one larger than the limit too', async () => {
    // Prepare: ten 1,000-byte archive pages and one of 5,000 bytes, a limit of 3,500 bytes
    const pages = Array.from({ length: 10 }, (_, i) => obj(`archive/2026-10-${String(i + 10)}.xml`, `<rss>${String(i).repeat(989)}</rss>`));
    const big = obj('archive/2026-09-01.xml', `<rss>${'x'.repeat(4989)}</rss>`);
    const { server } = await site([...pages, big], 3_500);
    // Act / Assess
    for (const p of [...pages, big, ...pages]) {
      const r = await get(server.url, `/${p.key}`, { 'accept-encoding': 'identity' });
      expect(r.body.equals(p.body)).toBe(true);
      expect(server.cachedBytes()).toBeLessThanOrEqual(3_500);
    }
    expect(server.cachedBytes()).toBe(3_000); // the last three pages asked for
  });

  it('reads a file once for concurrent first requests, and every one gets the bytes', async () => {
    const body = `<rss>${'y'.repeat(200_000)}</rss>`;
    const { server } = await site([obj('feed.xml', body)]);
    const all = await Promise.all(Array.from({ length: 20 }, () => get(server.url, '/feed.xml')));
    for (const r of all) expect(r.body.toString()).toBe(body);
    expect(new Set(all.map((r) => r.headers.etag)).size).toBe(1);
    expect(server.cachedBytes()).toBe(body.length);
  });
});

describe('the static server speaks HTTP', () => {
  it('answers If-Modified-Since at or after the file\'s Last-Modified with 304, an earlier one with 200', async () => {
    const { server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    const first = await get(server.url, '/feed.xml');
    const lastModified = String(first.headers['last-modified']);
    const notModified = await get(server.url, '/feed.xml', { 'if-modified-since': lastModified });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
    expect(notModified.headers['content-type']).toBe('application/xml; charset=utf-8');
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString();
    expect((await get(server.url, '/feed.xml', { 'if-modified-since': earlier })).status).toBe(200);
  });

  it('gives a client that accepts several codings one of the copies, with Vary, and the one ETag of the key', async () => {
    const text = `<rss>${'z'.repeat(5000)}</rss>`;
    const { server } = await site([obj('feed.xml', text)]);
    const identity = await get(server.url, '/feed.xml');
    const r = await get(server.url, '/feed.xml', { 'accept-encoding': 'gzip, deflate, br' });
    expect(['gzip', 'br']).toContain(r.headers['content-encoding']);
    expect(String(r.headers.vary).toLowerCase()).toBe('accept-encoding');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    // One weak tag for the key, whichever copy is sent (as CloudFront tags a copy it compressed), and one date
    expect(String(identity.headers.etag)).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(r.headers.etag).toBe(identity.headers.etag);
    expect(r.headers['last-modified']).toBe(identity.headers['last-modified']);
    expect(identity.headers.vary).toBe('Accept-Encoding');
    const gz = await get(server.url, '/feed.xml', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(gz.body).toString()).toBe(text);
    // The tag a client got with the gzip copy revalidates its copy when it asks without the coding too.
    expect((await get(server.url, '/feed.xml', { 'if-none-match': String(gz.headers.etag) })).status).toBe(304);
  });

  it('decides conditional requests as RFC 9110 does: lists, weak comparison, *, If-None-Match before If-Modified-Since', async () => {
    // Prepare
    const { server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    const first = await get(server.url, '/feed.xml');
    const etag = String(first.headers.etag);
    const lastModified = String(first.headers['last-modified']);
    const status = async (headers: Record<string, string>) => (await get(server.url, '/feed.xml', headers)).status;
    // Act / Assess
    expect(await status({ 'if-none-match': `"other", ${etag}` })).toBe(304); // one of a list
    expect(await status({ 'if-none-match': etag.slice(2) })).toBe(304); // the strong form of a weak tag: weak comparison
    expect(await status({ 'if-none-match': '*' })).toBe(304);
    expect(await status({ 'if-none-match': '"other"' })).toBe(200);
    // A tag that does not match wins over a date that would: the copy the client names is not the current one.
    expect(await status({ 'if-none-match': 'W/"stale"', 'if-modified-since': lastModified })).toBe(200);
    // no-cache asks for validation at the origin, which a 304 is (fetch() sends it with every conditional request).
    expect(await status({ 'if-none-match': etag, 'cache-control': 'no-cache', pragma: 'no-cache' })).toBe(304);
    const notModified = await get(server.url, '/feed.xml', { 'if-none-match': etag });
    expect(notModified.body.length).toBe(0);
    for (const h of ['etag', 'last-modified', 'cache-control', 'vary']) expect(notModified.headers[h], h).toBe(first.headers[h]);
    const head = await new Promise<number>((resolve, reject) => {
      request(`${server.url}/feed.xml`, { method: 'HEAD', headers: { 'if-none-match': etag } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end();
    });
    expect(head).toBe(304);
  });

  it('answers 404 without validators for a key the manifest names but the folder lacks', async () => {
    // Prepare: the file removed before anything asked for it (a folder changed behind the sink's back)
    const { dir, server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    rmSync(join(dir, 'feed.xml'));
    // Act
    const r = await get(server.url, '/feed.xml');
    // Assess
    expect(r.status).toBe(404);
    expect(r.headers.etag).toBeUndefined();
    expect(r.headers['last-modified']).toBeUndefined();
  });

  it('serves a key with non-ASCII characters at its percent-encoded path, precompressed too', async () => {
    const key = 'topics/한중 관계.xml';
    const { server } = await site([obj(key, '<rss>한중</rss>')]);
    const path = `/topics/${encodeURIComponent('한중 관계')}.xml`;
    const r = await get(server.url, path);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('<rss>한중</rss>');
    const gz = await get(server.url, path, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe('<rss>한중</rss>');
    expect((await get(server.url, '/topics/%E0%A4%A.xml')).status).toBe(404); // malformed escape
  });

  it('serves none of the copies or the manifest at their own paths', async () => {
    const { server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    for (const path of ['/feed.xml.gz', '/feed.xml.br', '/.site.json', '/feed.xml/', '//feed.xml.gz']) {
      const r = await get(server.url, path);
      expect(r.status, path).toBe(404);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('answers HEAD with the headers of GET and no body, 304 included', async () => {
    const { server } = await site([obj('feed.xml', '<rss>one</rss>')]);
    const g = await get(server.url, '/feed.xml');
    const head = await new Promise<{ status: number; headers: Record<string, unknown>; length: number }>((resolve, reject) => {
      request(`${server.url}/feed.xml`, { method: 'HEAD' }, (res) => {
        let length = 0;
        res.on('data', (c: Buffer) => (length += c.length));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, length }));
      })
        .on('error', reject)
        .end();
    });
    expect(head.status).toBe(200);
    expect(head.length).toBe(0);
    for (const h of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control']) expect(head.headers[h], h).toBe(g.headers[h]);
  });
});
