/**
 * Joining copies of one story across outlets after the polls (pipeline/settle-clusters.ts), over the in-memory
 * store: polls put every kept story on the timeline unsettled, and the settle makes a later copy part of the
 * earliest one and every other story a representative.
 */
import { describe, expect, it } from 'vitest';
import { pollSource } from '../../../src/pipeline/poll-source';
import { settleClusters, settleRecent } from '../../../src/pipeline/settle-clusters';
import { ScriptedFetcher, ok, pollDeps, rss, source } from '../../helpers/pipeline';
import type { AlsoReported, StoredStory } from '../../../src/core/story';

const LEDE = 'North Korean leader Kim Jong-un sent a message to Chinese President Xi Jinping pledging closer ties between Pyongyang and Beijing on the anniversary of their friendship treaty, state media said.';
const A = 'https://a.example/rss';
const B = 'https://b.example/rss';
const C = 'https://c.example/rss';
const copy = (title: string, link: string): string => rss([{ title, link, description: LEDE }]);
const NOW = new Date('2026-11-28T12:05:00Z'); // the helpers' clock starts at 12:00

function twoOutlets() {
  return pollDeps(new ScriptedFetcher({
    [A]: ok(copy('Kim sends message to Xi on China–North Korea treaty anniversary', 'https://a.example/1')),
    [B]: ok(copy('(LEAD) Kim sends message to Xi on China–North Korea treaty anniversary', 'https://b.example/9')),
    [C]: ok(copy('Kim Jong-un sends Xi a treaty anniversary message on China–North Korea ties', 'https://c.example/4')),
  }));
}

/**
 * Outlets A and B polled, then settled while another run lists `entry` on the same story. Fault injection (the
 * in-memory store has no second writer): the other run writes just before the first conditional update.
 */
async function settleRacedBy(entry: AlsoReported): Promise<StoredStory> {
  const deps = twoOutlets();
  await pollSource(deps, source(A, 'Outlet A'));
  await pollSource(deps, source(B, 'Outlet B'));
  const update = deps.stories.updateStory.bind(deps.stories);
  let raced = false;
  deps.stories.updateStory = async (s, e, rev) => {
    if (!raced) {
      raced = true;
      const cur = (await deps.stories.getStory(s.id))!;
      await update({ ...cur, alsoReported: [entry] }, e, cur.rev ?? 0);
    }
    return update(s, e, rev);
  };
  await settleRecent(deps.stories, NOW);
  return (await deps.stories.latest(10))[0]!;
}

describe('settleClusters', () => {
  it('joins the later copy to the earlier one: off the timeline, its outlet under "also reported by"', async () => {
    const deps = twoOutlets();
    await pollSource(deps, source(A, 'Outlet A'));
    await pollSource(deps, source(B, 'Outlet B'));
    const out = await settleRecent(deps.stories, NOW);
    expect(out.joined).toBe(1);
    const timeline = await deps.stories.latest(10);
    expect(timeline.map((s) => s.link)).toEqual(['https://a.example/1']);
    expect(timeline[0]!.alsoReported?.map((a) => a.source)).toEqual(['Outlet B']);
    expect(out.timeline.map((s) => s.alsoReported?.map((a) => a.link))).toEqual([['https://b.example/9']]);
    const b = [...deps.stories.stories.values()].find((s) => s.story.link === 'https://b.example/9')!.story;
    expect(b.clusterId).toBe(timeline[0]!.id);
  });

  it('keeps the first seen as the representative even when a later-found copy is dated earlier', async () => {
    const deps = pollDeps(new ScriptedFetcher({
      [A]: ok(rss([{ title: 'Kim sends message to Xi on China–North Korea treaty anniversary', link: 'https://a.example/1', description: LEDE, date: 'Sat, 28 Nov 2026 10:00:00 GMT' }])),
      [B]: ok(rss([{ title: '(LEAD) Kim sends message to Xi on China–North Korea treaty anniversary', link: 'https://b.example/9', description: LEDE, date: 'Sat, 28 Nov 2026 08:00:00 GMT' }])),
    }));
    await pollSource(deps, source(A, 'Outlet A'));
    await pollSource(deps, source(B, 'Outlet B'));
    await settleRecent(deps.stories, NOW);
    expect((await deps.stories.latest(10)).map((s) => s.link)).toEqual(['https://a.example/1']);
  });

  it('does nothing a second time, and writes nothing when no copy is left to join', async () => {
    const deps = twoOutlets();
    await pollSource(deps, source(A, 'Outlet A'));
    await pollSource(deps, source(B, 'Outlet B'));
    await settleRecent(deps.stories, NOW);
    const writes = deps.stories.writes;
    expect((await settleRecent(deps.stories, NOW)).joined).toBe(0);
    expect(deps.stories.writes).toBe(writes);
  });

  it('never changes a settled representative: an unsettled copy joins it even when first seen earlier', async () => {
    // B and C were settled first (A's copy not yet visible in the index, say), then A's appears
    const deps = twoOutlets();
    await pollSource(deps, source(A, 'Outlet A'));
    await pollSource(deps, source(B, 'Outlet B'));
    await pollSource(deps, source(C, 'Outlet C'));
    const all = await deps.stories.latest(10);
    expect(all.map((s) => s.clusterId)).toEqual([undefined, undefined, undefined]);
    await settleClusters(deps.stories, all.filter((s) => s.link !== 'https://a.example/1'));
    const out = await settleRecent(deps.stories, NOW);
    expect(out.joined).toBe(1);
    const [rep, ...rest] = await deps.stories.latest(10);
    expect(rest).toEqual([]);
    expect(rep).toMatchObject({ link: 'https://b.example/9', clusterId: rep!.id });
    expect(rep!.alsoReported?.map((x) => x.source)).toEqual(['Outlet C', 'Outlet A']);
  });

  it('merges with an entry another writer added meanwhile instead of overwriting it', async () => {
    const rep = await settleRacedBy({ id: 'z1', source: 'Outlet Z', link: 'https://z.example/1', title: 'copy' });
    expect(rep.alsoReported?.map((x) => x.source).sort()).toEqual(['Outlet B', 'Outlet Z']);
  });

  it('does not list an outlet again that another writer meanwhile listed under another name, from its site', async () => {
    // The other run lists outlet B's Google News copy (its site b.example) first.
    const rep = await settleRacedBy({ id: 'g1', source: 'B News', link: 'https://news.google.com/rss/articles/g1', title: 'copy', site: 'b.example' });
    expect(rep.alsoReported?.map((x) => x.source)).toEqual(['B News']);
  });

  it('leaves a story the store refuses as it was, reports it, and settles the others', async () => {
    // Fault injection (the in-memory store refuses nothing): the rewrite of C's story fails as DynamoDB fails an
    // item it will not take.
    const deps = pollDeps(new ScriptedFetcher({
      [A]: ok(copy('Kim sends message to Xi on China–North Korea treaty anniversary', 'https://a.example/1')),
      [B]: ok(copy('(LEAD) Kim sends message to Xi on China–North Korea treaty anniversary', 'https://b.example/9')),
      [C]: ok(rss([{ title: 'South Korea, China to resume high-level economic dialogue', link: 'https://c.example/4', description: 'Seoul and Beijing agreed to resume their economic dialogue after talks between the two foreign ministers on Tuesday.' }])),
    }));
    for (const [url, name] of [[A, 'Outlet A'], [B, 'Outlet B'], [C, 'Outlet C']] as const) await pollSource(deps, source(url, name));
    const update = deps.stories.updateStory.bind(deps.stories);
    deps.stories.updateStory = async (s, e, rev) => {
      if (s.link === 'https://c.example/4') throw Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
      return update(s, e, rev);
    };
    const out = await settleRecent(deps.stories, NOW);
    expect(out.joined).toBe(1);
    expect(out.refused?.map((r) => r.error)).toEqual(['Item size has exceeded the maximum allowed size']);
    const timeline = await deps.stories.latest(10);
    expect(timeline.map((s) => [s.link, s.clusterId === s.id])).toEqual(expect.arrayContaining([['https://a.example/1', true], ['https://c.example/4', false]]));
    expect(timeline).toHaveLength(2);
  });

  it('fails the run on any other store error, before a copy leaves the timeline', async () => {
    const deps = twoOutlets();
    await pollSource(deps, source(A, 'Outlet A'));
    await pollSource(deps, source(B, 'Outlet B'));
    // Fault injection: DynamoDB unreachable for the representative's rewrite.
    deps.stories.updateStory = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'NetworkingError' });
    };
    await expect(settleRecent(deps.stories, NOW)).rejects.toThrow(/ECONNREFUSED/);
    expect((await deps.stories.latest(10)).map((s) => s.clusterId)).toEqual([undefined, undefined]);
  });

  it('settles a story that has no copy too: it becomes a representative, and is not compared again', async () => {
    const deps = pollDeps(new ScriptedFetcher({ [A]: ok(copy('Kim sends message to Xi on China–North Korea treaty anniversary', 'https://a.example/1')) }));
    await pollSource(deps, source(A, 'Outlet A'));
    expect(await settleRecent(deps.stories, NOW)).toMatchObject({ joined: 0 });
    const [rep] = await deps.stories.latest(10);
    // settled once, with what later comparisons need
    expect(rep).toMatchObject({ clusterId: rep!.id, rev: 1, signature: expect.stringMatching(/^m1:/), normalizedTitle: expect.any(String), crossKey: expect.any(String) });
    const writes = deps.stories.writes;
    await settleRecent(deps.stories, NOW);
    expect(deps.stories.writes).toBe(writes);
  });
});
