/**
 * One bad source among many, over real HTTP on loopback with the real fetcher: a server that never answers,
 * one that drips a byte at a time, one that resets mid-body, one that answers 500. Each bad source fails by its
 * own deadline, and the good ones (on other loopback hosts, since polling is one-at-a-time per host) are polled
 * and published as usual, without waiting for the bad ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher';
import { pollAll } from '../../../src/pipeline/poll-all';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { pollDeps, rss, source } from '../../helpers/pipeline';

const DEADLINE_MS = 1500;
const servers: FeedServer[] = [];

beforeAll(async () => {
  const good = (n: number) => ({
    '/feed.xml': { body: rss([{ title: `China and South Korea story ${n}`, link: `https://good${n}.example/a` }, { title: `Other ${n}`, link: `https://good${n}.example/b` }]) },
  });
  const bad = {
    '/hang': { handle: () => undefined },
    '/drip': {
      handle: (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('<')), 100);
      },
    },
    '/reset': {
      handle: (_req: unknown, res: import('node:http').ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '100000' });
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>');
        setTimeout(() => res.socket?.destroy(), 50);
      },
    },
    '/500': { status: 500, body: 'oops', contentType: 'text/plain' },
  };
  servers.push(await startFeedServer(bad, '127.0.0.1'));
  for (let i = 2; i <= 5; i++) servers.push(await startFeedServer(good(i), `127.0.0.${i}`));
});

afterAll(async () => {
  for (const s of servers) await s.close();
});

describe('one bad source among many', () => {
  it('fails each bad source by its own deadline and polls the good ones without delay', async () => {
    const [badServer, ...goodServers] = servers;
    const bad = ['/hang', '/drip', '/reset', '/500'].map((p) => source(`${badServer!.url}${p}`, p));
    const good = goodServers.map((s, i) => source(`${s.url}/feed.xml`, `good${i + 2}`));
    // Bad sources first in the list, so they take the workers first.
    const fetcher = createHttpFetcher({ allowPrivateHosts: true, totalTimeoutMs: DEADLINE_MS, connectTimeoutMs: 500 });
    const deps = pollDeps(fetcher, { clock: { now: () => new Date() } });
    const finishedAt = new Map<string, number>();
    const started = Date.now();
    const results = await pollAll(deps, [...bad, ...good], { concurrency: 4, onResult: (r) => finishedAt.set(r.name, Date.now() - started) });
    const wall = Date.now() - started;

    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    for (const g of good) expect(byName[g.name]).toMatchObject({ status: 'ok', fetched: 2, kept: 1 });
    expect(byName['/hang']).toMatchObject({ status: 'error', error: expect.stringMatching(/timeout|deadline/i) });
    expect(byName['/drip']).toMatchObject({ status: 'error', error: expect.stringMatching(/timeout|deadline/i) });
    expect(byName['/reset']).toMatchObject({ status: 'error' });
    expect(byName['/500']).toMatchObject({ status: 'error', error: expect.stringMatching(/500/) });
    // The bad sources share one host, so they run one after another; the good ones, on other hosts, run
    // beside them and finish long before the slow ones' deadlines.
    for (const g of good) expect(finishedAt.get(g.name)!).toBeLessThan(DEADLINE_MS);
    expect(wall).toBeLessThan(2 * DEADLINE_MS + 2000);
    expect((await deps.stories.latest(10)).length).toBe(4);
  });
});
