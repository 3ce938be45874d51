import { describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { MemorySourceStore, MemoryStoryStore } from '../../../src/adapters/memory-store';
import type { SourceStore, StoryStore } from '../../../src/ports';
import { freshTable } from '../../helpers/dynamo';
import { storedStory } from '../../helpers/stories';

// The same contract runs against DynamoDB Local (the AWS SDK client) and against the in-memory adapter, so
// they cannot drift apart.
type Stores = { stories: StoryStore; sources: SourceStore };
const adapters: Array<[string, () => Promise<Stores>]> = [
  ['DynamoDB Local', async () => {
    const { client, table } = await freshTable();
    return { stories: new DynamoStoryStore(client, table), sources: new DynamoSourceStore(client, table) };
  }],
  ['memory', async () => ({ stories: new MemoryStoryStore(), sources: new MemorySourceStore() })],
];

describe.each(adapters)('story and source stores (%s)', (_name, make) => {
  it('creates a story once and reports the second write as a duplicate', async () => {
    const { stories } = await make();
    const s = storedStory({ id: 'a1' });
    expect(await stories.putStory(s, 2_000_000_000)).toBe('created');
    expect(await stories.putStory({ ...s, title: 'changed' }, 2_000_000_000)).toBe('duplicate');
    expect((await stories.getStory('a1'))?.title).toBe('Story a1');
  });

  it('lists kept representatives newest first, pages back, and leaves dropped and clustered copies out', async () => {
    const { stories } = await make();
    await stories.putStory(storedStory({ id: 'old', published: '2026-10-01T00:00:00.000Z' }), 1);
    await stories.putStory(storedStory({ id: 'new', published: '2026-11-02T00:00:00.000Z' }), 1);
    await stories.putStory(storedStory({ id: 'mid', published: '2026-10-15T00:00:00.000Z' }), 1);
    await stories.putStory(
      storedStory({ id: 'dropped', published: '2026-11-03T00:00:00.000Z', decision: { kept: false, topics: [], score: 0, matches: [], reason: 'no rule matched' } }),
      1,
    );
    await stories.putStory(storedStory({ id: 'copy', published: '2026-11-04T00:00:00.000Z', clusterId: 'new' }), 1);

    const page1 = await stories.latest(2);
    expect(page1.map((s) => s.id)).toEqual(['new', 'mid']);
    const page2 = await stories.latest(2, `${page1[1]!.published}#${page1[1]!.id}`);
    expect(page2.map((s) => s.id)).toEqual(['old']);
    expect((await stories.recent('2026-10-10', 10)).map((s) => s.id)).toEqual(['new', 'mid']);
    expect((await stories.after(`${page1[1]!.published}#${page1[1]!.id}`, 5)).map((s) => s.id)).toEqual(['mid', 'new']);
    expect((await stories.after('2026-09-01', 2)).map((s) => s.id)).toEqual(['old', 'mid']);

    const all: string[] = [];
    for await (const s of stories.all()) all.push(s.id);
    expect(all.sort()).toEqual(['copy', 'dropped', 'mid', 'new', 'old']);
  });

  it('keeps the feed version off the timeline: no timeline read returns it', async () => {
    const { stories } = await make();
    for (const [id, day] of [['a', '01'], ['b', '02'], ['c', '03']] as const) {
      await stories.putStory(storedStory({ id, published: `2026-11-${day}T00:00:00.000Z`, firstSeen: `2026-11-${day}T00:00:00.000Z` }), 1);
    }
    await stories.bumpFeedVersion('2026-11-03T00:00:01.000Z', '2026-11-03T00:00:00.000Z#c');
    expect((await stories.latest(10)).map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect((await stories.after('2026-11-02', 10)).map((s) => s.id)).toEqual(['b', 'c']);
    expect((await stories.recent('2026-10-01', 10)).map((s) => s.id)).toEqual(['c', 'b', 'a']);
  });

  it('updates a story so that a re-classified item leaves or joins the timeline', async () => {
    const { stories } = await make();
    const s = storedStory({ id: 'x' });
    await stories.putStory(s, 1);
    await stories.updateStory({ ...s, decision: { ...s.decision, kept: false } }, 1);
    expect(await stories.latest(10)).toEqual([]);
  });

  it('updates conditionally on the revision, so concurrent writers cannot overwrite each other', async () => {
    const { stories } = await make();
    const s = storedStory({ id: 'r1' });
    await stories.putStory(s, 1);
    const read1 = (await stories.getStory('r1'))!;
    const read2 = (await stories.getStory('r1'))!;
    expect(read1.rev ?? 0).toBe(0);
    // Writer 1 wins; writer 2, holding the same revision, is refused.
    expect(await stories.updateStory({ ...read1, alsoReported: [{ id: 'a', source: 'A', link: 'https://a.example/', title: 't' }] }, 1, 0)).toBe(true);
    expect(await stories.updateStory({ ...read2, alsoReported: [{ id: 'b', source: 'B', link: 'https://b.example/', title: 't' }] }, 1, 0)).toBe(false);
    const now = (await stories.getStory('r1'))!;
    expect(now.rev).toBe(1);
    expect(now.alsoReported?.map((a) => a.id)).toEqual(['a']);
    // Re-read, retry with the current revision: accepted.
    expect(await stories.updateStory({ ...now, alsoReported: [...now.alsoReported!, { id: 'b', source: 'B', link: 'https://b.example/', title: 't' }] }, 1, 1)).toBe(true);
    expect((await stories.getStory('r1'))!.alsoReported?.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it('bumps the feed version monotonically', async () => {
    const { stories } = await make();
    expect((await stories.feedVersion()).version).toBe(0);
    await stories.bumpFeedVersion('2026-11-01T00:00:00.000Z');
    const v = await stories.bumpFeedVersion('2026-11-02T00:00:00.000Z');
    expect(v).toEqual({ version: 2, updatedAt: '2026-11-02T00:00:00.000Z' });
    expect(await stories.feedVersion()).toEqual(v);
  });

  it('keeps the newest timeline key a bump names, and drops it on a bump that names none', async () => {
    const { stories } = await make();
    expect((await stories.bumpFeedVersion('2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z#a')).newestKey).toBe('2026-11-01T00:00:00.000Z#a');
    expect((await stories.feedVersion()).newestKey).toBe('2026-11-01T00:00:00.000Z#a');
    await stories.bumpFeedVersion('2026-11-02T00:00:00.000Z');
    expect((await stories.feedVersion()).newestKey).toBeUndefined();
  });

  it('keeps and lists source states', async () => {
    const { sources } = await make();
    await sources.put({ sourceId: 's1', url: 'https://a.example/rss', name: 'A', consecutiveFailures: 2, itemsSeen: 3, itemsKept: 1, lastError: 'fetch: timeout' });
    await sources.put({ sourceId: 's2', url: 'https://b.example/rss', name: 'B', consecutiveFailures: 0, itemsSeen: 0, itemsKept: 0 });
    expect((await sources.get('s1'))?.lastError).toBe('fetch: timeout');
    expect((await sources.list()).map((s) => s.sourceId).sort()).toEqual(['s1', 's2']);
  });
});

describe.each(adapters)('existing() (%s)', (_name, make) => {
  it('tells which of many ids are stored, across BatchGetItem pages', async () => {
    const { stories } = await make();
    for (const id of ['s5', 's50', 's150']) await stories.putStory(storedStory({ id }), 1);
    const ids = Array.from({ length: 220 }, (_, i) => `s${i}`);
    const found = await stories.existing(ids);
    expect([...found.keys()].sort()).toEqual(['s150', 's5', 's50']);
    expect(found.get('s5')).toEqual({ firstSeen: '2026-11-01T00:00:00.000Z', kept: true });
  });
});

describe.each(adapters)('putStories() (%s)', (_name, make) => {
  it('creates many stories at once, each with its own outcome: stored ones are duplicates, never overwritten', async () => {
    const { stories } = await make();
    await stories.putStory(storedStory({ id: 'b2' }), 1);
    const out = await stories.putStories(['b1', 'b2', 'b3'].map((id) => ({ story: storedStory({ id, title: `new ${id}` }), expiresAt: 1 })));
    expect(out).toEqual([
      { status: 'fulfilled', value: 'created' },
      { status: 'fulfilled', value: 'duplicate' },
      { status: 'fulfilled', value: 'created' },
    ]);
    expect((await stories.getStory('b2'))?.title).toBe('Story b2');
    expect((await stories.latest(10)).map((s) => s.id).sort()).toEqual(['b1', 'b2', 'b3']);
  });

  it('creates more stories than one transaction takes (100)', async () => {
    const { stories } = await make();
    const out = await stories.putStories(Array.from({ length: 130 }, (_, i) => ({ story: storedStory({ id: `m${i}` }), expiresAt: 1 })));
    expect(out.filter((o) => o.status === 'fulfilled' && o.value === 'created')).toHaveLength(130);
    expect(await stories.existing(Array.from({ length: 130 }, (_, i) => `m${i}`))).toHaveProperty('size', 130);
  });
});

describe('putStories() (DynamoDB Local): one transaction, and what a refused story costs', () => {
  it("writes a poll's stories in one TransactWriteItems", async () => {
    const { client, table } = await freshTable();
    const commands: string[] = [];
    client.middlewareStack.add((next, ctx) => (args) => {
      commands.push(ctx.commandName ?? '');
      return next(args);
    }, { step: 'initialize', name: 'listCommands' });
    const out = await new DynamoStoryStore(client, table).putStories(['t1', 't2', 't3', 't4'].map((id) => ({ story: storedStory({ id }), expiresAt: 1 })));
    expect(out.every((o) => o.status === 'fulfilled' && o.value === 'created')).toBe(true);
    expect(commands).toEqual(['TransactWriteItemsCommand']);
  });

  it('a story stored meanwhile cancels the transaction; its reasons make it a duplicate and the rest go again together', async () => {
    const { client, table } = await freshTable();
    const stories = new DynamoStoryStore(client, table);
    await stories.putStory(storedStory({ id: 'd2', title: 'stored first' }), 1);
    const commands: string[] = [];
    client.middlewareStack.add((next, ctx) => (args) => {
      commands.push(ctx.commandName ?? '');
      return next(args);
    }, { step: 'initialize', name: 'listCommands' });
    const out = await stories.putStories(['d1', 'd2', 'd3'].map((id) => ({ story: storedStory({ id }), expiresAt: 1 })));
    expect(out.map((o) => o.status === 'fulfilled' && o.value)).toEqual(['created', 'duplicate', 'created']);
    expect(commands).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
    expect((await stories.getStory('d2'))?.title).toBe('stored first');
  });

  it('a story DynamoDB refuses (over 400 KB) fails alone; the others of the batch are created', async () => {
    const { client, table } = await freshTable();
    const stories = new DynamoStoryStore(client, table);
    const big = storedStory({ id: 'big', summary: 'x'.repeat(500_000) });
    const out = await stories.putStories(['r1', 'big', 'r2'].map((id) => ({ story: id === 'big' ? big : storedStory({ id }), expiresAt: 1 })));
    expect(out[0]).toEqual({ status: 'fulfilled', value: 'created' });
    expect(out[1]!.status).toBe('rejected');
    expect(String((out[1] as PromiseRejectedResult).reason)).toMatch(/Item size has exceeded|ValidationException|size/i);
    expect(out[2]).toEqual({ status: 'fulfilled', value: 'created' });
    expect([...(await stories.existing(['r1', 'big', 'r2'])).keys()].sort()).toEqual(['r1', 'r2']);
  });
});
