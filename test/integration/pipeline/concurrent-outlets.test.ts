/**
 * Polls of several outlets of one story, at the same moment, on DynamoDB Local. A poll only creates its feed's
 * stories, so the polls never touch a shared story and all succeed; the settle after them (what publish runs
 * before it renders: pipeline/settle-clusters.ts) leaves one story with every other outlet under "also reported
 * by" — also when two settles run at once (a stream publish beside the one after a deploy), whose conditional
 * rewrites collide and are read again and merged.
 */
import { describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { pollAll } from '../../../src/pipeline/poll-all';
import { pollSource } from '../../../src/pipeline/poll-source';
import { settleRecent } from '../../../src/pipeline/settle-clusters';
import { freshTable } from '../../helpers/dynamo';
import { ScriptedFetcher, ok, pollDeps, rss, source } from '../../helpers/pipeline';

const LEDE = 'North Korean leader Kim Jong-un sent a message to Chinese President Xi Jinping pledging closer ties between Pyongyang and Beijing on the anniversary of their friendship treaty, state media said.';
const OUTLETS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
const NOW = new Date('2026-11-28T12:05:00Z');

describe('outlets of one story polled at once', () => {
  it('all succeed, and the settles after them leave one story that lists every other outlet once', async () => {
    // Prepare: outlet A's copy is stored first; six more outlets' copies arrive together
    const { client, table } = await freshTable();
    const url = (o: string): string => `https://${o}.example/rss`;
    const fetcher = new ScriptedFetcher(Object.fromEntries(OUTLETS.map((o, i) => [
      url(o),
      ok(rss([{ title: `${i ? '(LEAD) ' : ''}Kim sends message to Xi on China–North Korea treaty anniversary`, link: `https://${o}.example/story/${i}`, description: LEDE }])),
    ])));
    const deps = pollDeps(fetcher, { stories: new DynamoStoryStore(client, table) as never, sources: new DynamoSourceStore(client, table) as never });
    const sources = OUTLETS.map((o) => source(url(o), `Outlet ${o.toUpperCase()}`));
    expect(await pollSource(deps, sources[0]!)).toMatchObject({ status: 'ok', new: 1 });
    // Act
    const results = await pollAll(deps, sources.slice(1), { concurrency: 6 });
    expect(results.map((r) => [r.status, r.new, r.kept])).toEqual(Array(6).fill(['ok', 1, 1]));
    const settles = await Promise.all([settleRecent(deps.stories, NOW), settleRecent(deps.stories, NOW)]);
    // Assess
    expect(settles.map((s) => s.joined)).toEqual([6, 6]);
    const timeline = await deps.stories.latest(10);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.link).toBe('https://a.example/story/0');
    expect(timeline[0]!.alsoReported?.map((a) => a.source).sort()).toEqual(OUTLETS.slice(1).map((o) => `Outlet ${o.toUpperCase()}`));
  }, 60_000);
});
