/**
 * Polls of several outlets of one story, at the same moment, on DynamoDB Local: each poll writes its copy (one
 * transaction of its feed's stories) and then rewrites the representative with its "also reported by" entry,
 * conditionally on the revision it read. They collide; each one that lost reads the story again and tries again
 * after a random pause, so every outlet's entry lands and no poll fails.
 */
import { describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { pollAll } from '../../../src/pipeline/poll-all';
import { pollSource } from '../../../src/pipeline/poll-source';
import { freshTable } from '../../helpers/dynamo';
import { ScriptedFetcher, ok, pollDeps, rss, source } from '../../helpers/pipeline';

const LEDE = 'North Korean leader Kim Jong-un sent a message to Chinese President Xi Jinping pledging closer ties between Pyongyang and Beijing on the anniversary of their friendship treaty, state media said.';
const OUTLETS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

describe('outlets of one story polled at once', () => {
  it('all land their "also reported by" entry on the representative, and every poll succeeds', async () => {
    // Prepare: outlet A's copy is the representative; six more outlets' copies arrive together
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
    // Assess
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    expect(results.every((r) => r.new === 1 && r.clustered === 1)).toBe(true);
    const timeline = await deps.stories.latest(10);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.alsoReported?.map((a) => a.source).sort()).toEqual(OUTLETS.slice(1).map((o) => `Outlet ${o.toUpperCase()}`));
  }, 60_000);
});
