/**
 * One item, one feed or one hostile date never costs the rest: hostile feeds polled through the real pipeline
 * into DynamoDB Local, and what readers would see afterwards (the timeline).
 */
import { describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { MAX_ITEMS } from '../../../src/core/parse';
import { pollSource } from '../../../src/pipeline/poll-source';
import { sourcesHealth } from '../../../src/pipeline/sources-health';
import { freshTable } from '../../helpers/dynamo';
import { ScriptedFetcher, ok, pollDeps, rss, source } from '../../helpers/pipeline';

async function dynamoDeps(fetcher: ScriptedFetcher) {
  const { client, table } = await freshTable();
  const db = client;
  return pollDeps(fetcher, { stories: new DynamoStoryStore(db, table) as never, sources: new DynamoSourceStore(db, table) as never });
}

const REAL = Array.from({ length: 5 }, (_, i) => ({ title: `China and South Korea agree on trade step ${i}`, link: `https://real.example/${i}`, date: `Fri, 27 Nov 2026 0${i}:00:00 GMT` }));

describe('hostile feeds, real store', () => {
  it('a 9 MB headline is cut, stored, and the feed\'s other stories with it', async () => {
    const url = 'https://huge.example/rss';
    const feed = rss([{ title: `China Korea ${'x'.repeat(9_000_000)}`, link: 'https://huge.example/1' }, ...REAL]);
    const deps = await dynamoDeps(new ScriptedFetcher({ [url]: ok(feed) }));
    const r = await pollSource(deps, source(url, 'Huge'));
    expect(r).toMatchObject({ status: 'ok', fetched: 6, new: 6 });
    expect((await deps.stories.latest(50)).map((s) => s.link)).toEqual(expect.arrayContaining(REAL.map((s) => s.link)));
  });

  it('60 items dated 2100 with javascript: links neither blank the feed nor hold its top', async () => {
    const url = 'https://future.example/rss';
    const hostile = Array.from({ length: 60 }, (_, i) => ({ title: `China and South Korea hold talks ${i}`, link: `javascript:alert(${i})`, date: 'Fri, 01 Jan 2100 00:00:00 GMT' }));
    const deps = await dynamoDeps(new ScriptedFetcher({ [url]: ok(rss([...hostile, ...REAL])) }));
    const r = await pollSource(deps, source(url));
    expect(r).toMatchObject({ status: 'ok', new: 65, kept: 5, dropped: 60 });
    expect((await deps.stories.latest(50)).map((s) => s.link).sort()).toEqual(REAL.map((s) => s.link).sort());
  });

  it('60 items dated 2100 with real links sort as seen now, not for 74 years', async () => {
    const url = 'https://future2.example/rss';
    const hostile = Array.from({ length: 60 }, (_, i) => ({ title: `China and South Korea hold talks ${i}`, link: `https://future2.example/${i}`, date: 'Fri, 01 Jan 2100 00:00:00 GMT' }));
    const deps = await dynamoDeps(new ScriptedFetcher({ [url]: ok(rss(hostile)) }));
    await pollSource(deps, source(url));
    const top = await deps.stories.latest(1);
    expect(Date.parse(top[0]!.published)).toBeLessThan(Date.parse('2026-11-28T12:30:00Z'));
    expect(top[0]!.publishedInFeed).toBe('2100-01-01T00:00:00.000Z');
  });

  it('a feed over the item limit is trimmed and reported in the source\'s health, not failed', async () => {
    const url = 'https://many.example/rss';
    const items = Array.from({ length: MAX_ITEMS + 20 }, (_, i) => ({ title: `Item ${i}`, link: `https://many.example/${i}` }));
    const deps = await dynamoDeps(new ScriptedFetcher({ [url]: ok(rss(items)) }));
    const r = await pollSource(deps, source(url, 'Many'));
    expect(r).toMatchObject({ status: 'ok', fetched: MAX_ITEMS });
    expect(r.warnings).toEqual([`the feed has ${MAX_ITEMS + 20} items, more than the limit of ${MAX_ITEMS}: kept the newest ${MAX_ITEMS}`]);
    const health = sourcesHealth([source(url, 'Many')], await deps.sources.list()).sources[0]!;
    expect(health).toMatchObject({ status: 'ok', lastWarning: r.warnings![0] });
  });

  it('a story the store refuses is reported and skipped; its siblings are stored and the source stays ok', async () => {
    const url = 'https://refused.example/rss';
    const { client, table } = await freshTable();
    const deps = pollDeps(new ScriptedFetcher({ [url]: ok(rss(REAL)) }), { stories: new DynamoStoryStore(client, table) as never, sources: new DynamoSourceStore(client, table) as never });
    // Fault injection: DynamoDB Local refuses an item only when it is too big, which the limits now prevent; the
    // refusal is injected for one story, as DynamoDB gives it: the transaction of the feed's stories is refused
    // whole (ValidationException), then that story's own PutItem.
    client.middlewareStack.add(
      (next, ctx) => async (args) => {
        if (/^(PutItem|TransactWriteItems)Command$/.test(ctx.commandName ?? '') && JSON.stringify(args.input).includes(REAL[2]!.link)) {
          throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException', $fault: 'client' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'refuseOne' },
    );
    const r = await pollSource(deps, source(url, 'Refused'));
    expect(r).toMatchObject({ status: 'ok', new: 4, failed: 1 });
    expect(r.warnings?.[0]).toMatch(/not stored: .*Item size has exceeded/);
    expect((await deps.stories.latest(50)).length).toBe(4);
    expect((await deps.sources.list())[0]).toMatchObject({ consecutiveFailures: 0, lastWarning: expect.stringMatching(/not stored/) });
  });
});
