import { describe, expect, it } from 'vitest';
import { pollSource } from '../../../src/pipeline/poll-source';
import { pollAll } from '../../../src/pipeline/poll-all';
import type { FetchResult } from '../../../src/ports';
import { ScriptedFetcher, ok, pollDeps, rss, source } from '../../helpers/pipeline';

const FEED = rss([
  { title: 'China and South Korea hold talks', link: 'https://t.example/a' },
  { title: 'Weather in Seoul', link: 'https://t.example/b' },
  { title: 'Korea–China ferry route reopens', link: 'https://t.example/c' },
]);

describe('pollSource', () => {
  it('stores every item once, keeps the relevant ones on the timeline, and records health', async () => {
    const url = 'https://t.example/rss';
    const deps = pollDeps(new ScriptedFetcher({ [url]: ok(FEED, { etag: '"v1"', lastModified: 'Sat, 28 Nov 2026 10:00:00 GMT' }) }));
    const r = await pollSource(deps, source(url, 'T'));
    expect(r).toMatchObject({ status: 'ok', fetched: 3, new: 3, kept: 2, dropped: 1, duplicates: 0 });
    expect((await deps.stories.latest(10)).map((s) => s.title).sort()).toEqual(['China and South Korea hold talks', 'Korea–China ferry route reopens']);
    expect((await deps.stories.feedVersion()).version).toBe(1);
    // The bump names the newest story it put on the timeline, so readers can tell a lagging index
    const timeline = await deps.stories.latest(10);
    expect((await deps.stories.feedVersion()).newestKey).toBe(`${timeline[0]!.published}#${timeline[0]!.id}`);
    const st = await deps.sources.get(source(url).id);
    expect(st).toMatchObject({ etag: '"v1"', lastModified: 'Sat, 28 Nov 2026 10:00:00 GMT', consecutiveFailures: 0, itemsSeen: 3, itemsKept: 2 });
    expect(st?.lastSuccessAt).toBeDefined();
    expect(Date.parse(st!.nextFetchAt!)).toBeGreaterThan(Date.parse('2026-11-28T12:00:00Z'));
  });

  it('writes nothing on a second poll of an unchanged feed, and sends the stored validators', async () => {
    const url = 'https://t.example/rss';
    const fetcher = new ScriptedFetcher({ [url]: ok(FEED, { etag: '"v1"' }) });
    const deps = pollDeps(fetcher);
    await pollSource(deps, source(url));
    const writes = deps.stories.writes;
    const r = await pollSource(deps, source(url));
    expect(r).toMatchObject({ status: 'ok', new: 0, kept: 0, duplicates: 3 });
    expect(deps.stories.writes).toBe(writes);
    expect((await deps.stories.feedVersion()).version).toBe(1);
    expect(fetcher.calls[1]).toMatchObject({ etag: '"v1"' });
  });

  it('treats 304 as nothing new and keeps the newest validators', async () => {
    const url = 'https://t.example/rss';
    let n = 0;
    const deps = pollDeps(
      new ScriptedFetcher({
        [url]: async (req): Promise<FetchResult> =>
          n++ === 0 ? { status: 'ok', httpStatus: 200, finalUrl: req.url, body: Buffer.from(FEED), etag: '"v1"' } : { status: 'not-modified', httpStatus: 304, finalUrl: req.url, etag: '"v2"' },
      }),
    );
    await pollSource(deps, source(url));
    const r = await pollSource(deps, source(url));
    expect(r).toMatchObject({ status: 'not-modified', new: 0 });
    expect((await deps.sources.get(source(url).id))?.etag).toBe('"v2"');
  });

  it('writes no state when a healthy poll changed nothing (the poll grid says when it is due), and writes a heartbeat', async () => {
    const url = 'https://t.example/rss';
    let t = Date.parse('2026-11-28T12:00:00Z');
    let n = 0;
    const deps = pollDeps(
      new ScriptedFetcher({
        [url]: async (req): Promise<FetchResult> =>
          n++ === 0 ? { status: 'ok', httpStatus: 200, finalUrl: req.url, body: Buffer.from(FEED), etag: '"v1"' } : { status: 'not-modified', httpStatus: 304, finalUrl: req.url, etag: '"v1"' },
      }),
      { clock: { now: () => new Date(t) } },
    );
    let puts = 0;
    const put = deps.sources.put.bind(deps.sources);
    deps.sources.put = async (s) => void (puts++, await put(s));
    await pollSource(deps, source(url)); // 200: stored
    t += 10 * 60_000;
    await pollSource(deps, source(url)); // 304: lastStatus changes once
    const written = puts;
    t += 10 * 60_000;
    const r = await pollSource(deps, source(url)); // 304 again: nothing new
    expect(r.status).toBe('not-modified');
    expect(puts).toBe(written);
    expect(Date.parse(r.nextFetchAt!)).toBeGreaterThan(t);
    t += 7 * 3_600_000; // past the heartbeat: the success is recorded again
    await pollSource(deps, source(url));
    expect(puts).toBe(written + 1);
    expect((await deps.sources.get(source(url).id))?.lastSuccessAt).toBe(new Date(t).toISOString());
  });

  it.each([
    ['a fetch error', async () => Promise.reject(Object.assign(new Error('fetch: HTTP 500'), { httpStatus: 500 })), 'fetch', /HTTP 500/],
    ['an HTML page', ok('<!DOCTYPE html><html><body>hi</body></html>', { contentType: 'text/html' }), 'parse', /html/i],
    ['truncated XML', ok(FEED.slice(0, 200)), 'parse', /./],
    ['an rss without channel', ok('<rss version="2.0"><item><title>x</title></item></rss>'), 'parse', /./],
  ])('turns %s into that source\'s error, with backoff', async (_case, script, stage, message) => {
    const url = 'https://bad.example/rss';
    const deps = pollDeps(new ScriptedFetcher({ [url]: script as never }));
    const r1 = await pollSource(deps, source(url));
    expect(r1.status).toBe('error');
    expect(r1.stage).toBe(stage);
    expect(r1.error).toMatch(message);
    const r2 = await pollSource(deps, source(url));
    const st = await deps.sources.get(source(url).id);
    expect(st).toMatchObject({ consecutiveFailures: 2, lastError: r2.error });
    // Backoff: the second failure waits longer than the first.
    const wait1 = Date.parse(r1.nextFetchAt!) - Date.parse('2026-11-28T12:00:00Z');
    const wait2 = Date.parse(r2.nextFetchAt!) - Date.parse('2026-11-28T12:00:00Z');
    expect(wait2).toBeGreaterThan(wait1);
  });
});

describe('pollAll', () => {
  it('polls every source despite failures, at most one request per host, within the concurrency bound', async () => {
    const inFlight = new Map<string, number>();
    let maxTotal = 0;
    let total = 0;
    const maxPerHost = new Map<string, number>();
    const slow = (body: string, ms: number, fail = false) => async (req: { url: string }): Promise<FetchResult> => {
      const host = new URL(req.url).host;
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      total++;
      maxTotal = Math.max(maxTotal, total);
      maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, inFlight.get(host)!));
      await new Promise((r) => setTimeout(r, ms));
      inFlight.set(host, inFlight.get(host)! - 1);
      total--;
      if (fail) throw new Error('fetch: timeout after 20000 ms');
      return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: Buffer.from(body) };
    };
    const urls = ['https://a.example/1', 'https://a.example/2', 'https://a.example/3', 'https://b.example/1', 'https://c.example/1', 'https://d.example/1'];
    const scripts = Object.fromEntries(urls.map((u, i) => [u, slow(FEED.replaceAll('t.example/', `t.example/${i}/`), 20, u.includes('c.example'))]));
    const deps = pollDeps(new ScriptedFetcher(scripts));
    const results = await pollAll(deps, urls.map((u) => source(u)), { concurrency: 3 });
    expect(results).toHaveLength(6);
    expect(results.filter((r) => r.status === 'error').map((r) => r.url)).toEqual(['https://c.example/1']);
    expect(maxPerHost.get('a.example')).toBe(1);
    expect(maxTotal).toBeLessThanOrEqual(3);
    expect(maxTotal).toBeGreaterThan(1);
  });
});

describe('pollAll with many sources on one host', () => {
  it('finishes (idle workers are all woken) and polls them one at a time', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `https://same.example/${i}`);
    let inFlight = 0;
    let max = 0;
    const script = async (req: { url: string }): Promise<FetchResult> => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return { status: 'ok', httpStatus: 200, finalUrl: req.url, body: Buffer.from(FEED) };
    };
    const deps = pollDeps(new ScriptedFetcher(Object.fromEntries(urls.map((u) => [u, script]))));
    const results = await pollAll(deps, urls.map((u) => source(u)), { concurrency: 4 });
    expect(results).toHaveLength(6);
    expect(max).toBe(1);
  });
});

describe('pollSource when the store fails mid-poll', () => {
  it('keeps the old validators so the retry fetches the whole feed again, then stores everything once', async () => {
    const url = 'https://t.example/rss';
    const fetcher = new ScriptedFetcher({
      [url]: async (req): Promise<FetchResult> =>
        req.etag === '"v1"' ? { status: 'not-modified', httpStatus: 304, finalUrl: url } : { status: 'ok', httpStatus: 200, finalUrl: url, body: Buffer.from(FEED), etag: '"v1"' },
    });
    const deps = pollDeps(fetcher);
    // Fault injection (a real store cannot be made to fail on cue): the second story write throws. The poll's
    // stories are written together (putStories), so the third is written beside it.
    const put = deps.stories.putStory.bind(deps.stories);
    let calls = 0;
    deps.stories.putStory = async (s, e) => {
      if (++calls === 2) throw new Error('store: ProvisionedThroughputExceededException');
      return put(s, e);
    };
    const r1 = await pollSource(deps, source(url));
    expect(r1).toMatchObject({ status: 'error', stage: 'store' });
    expect((await deps.sources.get(source(url).id))?.etag).toBeUndefined();
    expect(deps.stories.stories.size).toBe(2);

    const r2 = await pollSource(deps, source(url));
    expect(r2).toMatchObject({ status: 'ok', new: 1, duplicates: 2 });
    expect(deps.stories.stories.size).toBe(3);
    expect((await deps.stories.latest(10)).length).toBe(2);
  });
});

describe('pollSource with copies of one story from two outlets', () => {
  it('only creates: both copies go on the timeline as they are, and no poll reads the recent window', async () => {
    const lede = 'South Korea and China agreed to resume a high-level economic dialogue suspended since 2019, the foreign ministries of both countries said after talks in Beijing on Tuesday.';
    const a = 'https://a.example/rss';
    const b = 'https://b.example/rss';
    const deps = pollDeps(new ScriptedFetcher({
      [a]: ok(rss([{ title: 'South Korea, China to resume high-level economic dialogue', link: 'https://a.example/7', description: lede }])),
      [b]: ok(rss([{ title: 'UPDATE 1-South Korea, China to resume high-level economic dialogue', link: 'https://b.example/x', description: lede }])),
    }));
    let windowReads = 0;
    const recent = deps.stories.recent.bind(deps.stories);
    deps.stories.recent = (since, n) => (windowReads++, recent(since, n));
    await pollSource(deps, source(a, 'Outlet A'));
    expect(await pollSource(deps, source(b, 'Outlet B'))).toMatchObject({ status: 'ok', new: 1, kept: 1 });
    expect(windowReads).toBe(0);
    const timeline = await deps.stories.latest(10);
    expect(timeline.map((s) => s.link).sort()).toEqual(['https://a.example/7', 'https://b.example/x']);
    // Both unsettled (no clusterId) until publish settles them, and compared with nothing yet
    expect(timeline.map((s) => [s.clusterId, s.signature])).toEqual([[undefined, undefined], [undefined, undefined]]);
    expect((await deps.stories.feedVersion()).version).toBe(2);
  });
});

describe('pollSource with the request from its poll message', () => {
  const url = 'https://t.example/rss';
  it('sends it before it reads the state, and keeps the state it reads', async () => {
    const order: string[] = [];
    const fetcher = new ScriptedFetcher({ [url]: async (req) => (order.push(`fetch ${req.etag}`), { status: 'not-modified', httpStatus: 304, finalUrl: url }) });
    const deps = pollDeps(fetcher);
    await deps.sources.put({ sourceId: source(url).id, url, name: url, etag: '"v1"', consecutiveFailures: 0, itemsSeen: 9, itemsKept: 4 });
    const get = deps.sources.get.bind(deps.sources);
    deps.sources.get = (id) => (order.push('state'), get(id));
    const r = await pollSource(deps, source(url), { for: url, url, etag: '"v1"' });
    expect(r).toMatchObject({ status: 'not-modified' });
    expect(order).toEqual(['fetch "v1"', 'state']);
    expect(await deps.sources.get(source(url).id)).toMatchObject({ etag: '"v1"', itemsSeen: 9, itemsKept: 4, lastStatus: 304 });
  });

  it('reads the state first when the request was made for another configured URL', async () => {
    const order: string[] = [];
    const fetcher = new ScriptedFetcher({ [url]: async (req) => (order.push(`fetch ${req.url}`), { status: 'not-modified', httpStatus: 304, finalUrl: url }) });
    const deps = pollDeps(fetcher);
    const get = deps.sources.get.bind(deps.sources);
    deps.sources.get = (id) => (order.push('state'), get(id));
    await pollSource(deps, source(url), { for: 'https://old.example/rss', url: 'https://old.example/rss' });
    expect(order).toEqual(['state', `fetch ${url}`]);
  });
});
