/**
 * Syndication end to end: fixture feeds of twelve outlets (test/fixtures/dedupe/feeds.ts) polled three rounds
 * through the real pollSource (parse, normalize, store) and the settle after each round (clustering), over the in-memory store and over DynamoDB
 * Local. Each story must be published once, with the other outlets under "also reported"; re-polling the same
 * items under new GUIDs, tracking parameters and retitles must write nothing.
 */
import { describe, expect, it } from 'vitest';
import { DynamoSourceStore, DynamoStoryStore } from '../../../src/adapters/dynamo-store';
import { MemorySourceStore, MemoryStoryStore } from '../../../src/adapters/memory-store';
import { canonicalUrl, storyId } from '../../../src/core/identity';
import type { SourceStore, StoryStore } from '../../../src/ports';
import { DEFAULT_RETENTION } from '../../../src/core/story';
import { pollSource, type PollDeps, type SourceResult } from '../../../src/pipeline/poll-source';
import { settleRecent } from '../../../src/pipeline/settle-clusters';
import { byKey, storedFromFixture } from '../../fixtures/dedupe/corpus';
import { EXPECTED_CLUSTERS, type Round } from '../../fixtures/dedupe/feeds';
import { FEED_SOURCES, RoundFetcher, countStoryWrites, keepAll } from '../../fixtures/dedupe/harness';
import { freshTable } from '../../helpers/dynamo';
import { silentLogger } from '../../helpers/pipeline';

const idOf = (key: string): string => storedFromFixture(byKey(key), { canonicalUrl, storyId }).id;

interface Harness {
  stories: StoryStore;
  sources: SourceStore;
  writes(): number;
}

const harnesses: Array<[string, () => Promise<Harness>]> = [
  ['in-memory store', async () => {
    const stories = new MemoryStoryStore();
    return { stories, sources: new MemorySourceStore(), writes: () => stories.writes };
  }],
  ['DynamoDB Local', async () => {
    const { client, table } = await freshTable();
    const writes = countStoryWrites(client);
    const db = client;
    return { stories: new DynamoStoryStore(db, table), sources: new DynamoSourceStore(db, table), writes };
  }],
];

/** One polling round, then the settle that joins copies across outlets (what publish runs after a round). */
async function pollRound(deps: PollDeps, fetcher: RoundFetcher, round: Round): Promise<SourceResult[]> {
  fetcher.round = round;
  const out: SourceResult[] = [];
  for (const s of FEED_SOURCES) out.push(await pollSource(deps, s));
  await settleRecent(deps.stories, deps.clock.now());
  return out;
}

describe.each(harnesses)('syndicated feeds through pollSource (%s)', (_name, make) => {
  it('publishes each story once, lists the other outlets, and writes nothing when the same items come back', async () => {
    // Prepare
    const h = await make();
    const fetcher = new RoundFetcher();
    let t = Date.parse('2026-11-28T06:00:00Z');
    const deps: PollDeps = {
      fetcher, stories: h.stories, sources: h.sources, classifier: keepAll, clock: { now: () => new Date(t++) },
      logger: silentLogger, random: () => 0.5, retention: DEFAULT_RETENTION,
    };

    // Act 1: first poll
    const r1 = await pollRound(deps, fetcher, 1);
    const writes1 = h.writes();
    const version1 = (await h.stories.feedVersion()).version;
    const timeline1 = await h.stories.latest(100);

    // Act 2: the same items under new GUIDs, tracking parameters, http/https, fragments, "(LEAD)" titles
    const r2 = await pollRound(deps, fetcher, 2);
    const writes2 = h.writes() - writes1;
    const version2 = (await h.stories.feedVersion()).version;
    const timeline2 = await h.stories.latest(100);

    // Act 3: updates, copies, a republish and one new story
    const r3 = await pollRound(deps, fetcher, 3);
    const timeline3 = await h.stories.latest(100);

    // Assess: every poll succeeded
    expect([...r1, ...r2, ...r3].filter((r) => r.status !== 'ok')).toEqual([]);
    // round 1: every item stored once; the copies within reach of an earlier outlet joined its cluster
    expect(r1.reduce((n, r) => n + r.new, 0)).toBe(28);
    expect(timeline1.length).toBeLessThan(28);
    // round 2: nothing new, no write, no feed change
    expect(r2.reduce((n, r) => n + r.new, 0)).toBe(0);
    expect(writes2).toBe(0);
    expect(version2).toBe(version1);
    expect(timeline2).toEqual(timeline1);
    // round 3: one new published item (C2); all the other new items joined clusters
    expect(r3.reduce((n, r) => n + r.new, 0)).toBe(8);
    expect(timeline3.length).toBe(timeline1.length + 1);
    // one timeline item per expected cluster, the first stored copy being the representative
    expect(timeline3.map((s) => s.id).sort()).toEqual(EXPECTED_CLUSTERS.map((c) => idOf(c[0]!)).sort());
    for (const cluster of EXPECTED_CLUSTERS) {
      for (const key of cluster.slice(1)) {
        const member = await h.stories.getStory(idOf(key));
        expect({ key, clusterId: member?.clusterId }).toEqual({ key, clusterId: idOf(cluster[0]!) });
      }
    }
    // "also reported by": other outlets once each, never the representative's own outlet
    const also = (key: string): Promise<string[]> => h.stories.getStory(idOf(key)).then((s) => (s?.alsoReported ?? []).map((a) => a.source));
    expect(await also('A2')).toEqual(['IANS']);
    expect(await also('B3')).toEqual(['IANS']);
    expect(await also('B1')).toEqual(['연합뉴스', '新华网']);
    expect(await also('C2')).toEqual(['IANS']);
    expect(await also('D3')).toEqual(['Korea Herald']);
    expect(await also('E1')).toEqual([]);
    expect(await also('F1')).toEqual(['人民网']);
    expect(await also('G1')).toEqual(['한국경제']);
    expect(await also('H1')).toEqual(['Port Daily']);
    const a2 = await h.stories.getStory(idOf('A2'));
    expect(a2?.alsoReported?.[0]).toMatchObject({ id: idOf('A4'), link: expect.stringContaining('ians.example/news/kim-visits') });
    // four different stories about the same summit stay four feed items
    for (const key of ['B1', 'B2', 'B3', 'B4']) expect(timeline3.map((s) => s.id)).toContain(idOf(key));
  });
});
