/**
 * A feed that moved for good (301/308) is polled at its new address from then on, and one that is gone (410) is
 * polled no more: real HTTP on loopback, the real fetcher, the poll pipeline over in-memory stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../../src/adapters/http-fetcher';
import { dueSources } from '../../../src/pipeline/dispatch';
import { pollSource } from '../../../src/pipeline/poll-source';
import { sourcesHealth } from '../../../src/pipeline/sources-health';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { pollDeps, rss, source } from '../../helpers/pipeline';

const FEED = rss([{ title: 'China and South Korea hold talks', link: 'https://t.example/a' }]);
let server: FeedServer;

beforeAll(async () => {
  server = await startFeedServer({
    '/old': { status: 301, body: '', headers: { location: '/new' } },
    '/old308': { status: 308, body: '', headers: { location: '/new' } },
    '/temp': { status: 302, body: '', headers: { location: '/new' } },
    '/chain': { status: 301, body: '', headers: { location: '/temp' } },
    '/new': { body: FEED, contentType: 'application/rss+xml' },
    '/gone': { status: 410, body: 'gone', contentType: 'text/plain' },
  });
});
afterAll(async () => server?.close());

const fetcher = () => createHttpFetcher({ allowPrivateHosts: true });
const hits = (path: string): number => server.requests.filter((r) => r.path === path).length;

describe('a feed that moved', () => {
  it.each(['/old', '/old308'])('%s: a permanent redirect is remembered, and the next poll goes straight to the new URL', async (path) => {
    const deps = pollDeps(fetcher());
    const src = source(`${server.url}${path}`, 'Moved');
    const before = hits(path);
    const first = await pollSource(deps, src);
    expect(first).toMatchObject({ status: 'ok', new: 1 });
    expect((await deps.sources.get(src.id))?.effectiveUrl).toBe(`${server.url}/new`);
    await pollSource(deps, src);
    expect(hits(path) - before).toBe(1); // the second poll never asked the old URL
    const health = sourcesHealth([src], await deps.sources.list()).sources[0]!;
    expect(health).toMatchObject({ status: 'ok', url: `${server.url}${path}`, effectiveUrl: `${server.url}/new` });
  });

  it.each(['/temp', '/chain'])('%s: a temporary redirect (even after a permanent one) moves nothing', async (path) => {
    const deps = pollDeps(fetcher());
    const src = source(`${server.url}${path}`);
    await pollSource(deps, src);
    const st = await deps.sources.get(src.id);
    expect(st?.effectiveUrl).toBe(path === '/chain' ? `${server.url}/temp` : undefined);
  });
});

describe('a feed that is gone', () => {
  it('is marked gone on 410, shown as gone, and never due again', async () => {
    const deps = pollDeps(fetcher());
    const src = source(`${server.url}/gone`, 'Gone');
    const r = await pollSource(deps, src);
    expect(r.status).toBe('error');
    expect(r.error).toMatch(/HTTP 410.*the feed is gone: no longer polled/);
    const states = await deps.sources.list();
    expect(states[0]?.goneAt).toBeDefined();
    expect(sourcesHealth([src], states)).toMatchObject({ summary: { gone: 1, failing: 0 }, sources: [{ status: 'gone', goneAt: states[0]!.goneAt }] });
    // Long after any backoff, it is still not due.
    expect(dueSources([src], states, new Date('2030-01-01T00:00:00Z'))).toEqual([]);
    // An operator who points the source at a new URL gets a new source, polled at once.
    const moved = source(`${server.url}/new`, 'Gone');
    expect(dueSources([moved], states, new Date('2026-11-28T12:00:00Z'))).toEqual([moved]);
  });
});
