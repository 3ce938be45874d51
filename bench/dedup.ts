/**
 * `npm run bench -- dedup`: what deduplication saves, through the real pipeline (pollSource: parse, normalize,
 * classify, store; then the settle that joins copies across outlets, as publish runs it) on DynamoDB Local (the embedded one, table from infra/), counting story writes
 * (PutItem/UpdateItem on STORY# items) with a client middleware. The fixture feeds of twelve outlets
 * (test/fixtures/dedupe/feeds.ts) are served from memory as bytes.
 *
 *   dedup-writes:   story writes of a re-poll of unchanged feeds, vs the first poll
 *   dedup-variants: story writes when the same items come back under new GUIDs, tracking parameters, http/https,
 *                   fragments, "(LEAD)"/"UPDATE 1-" titles — vs the new ids raw links would have made
 *   dedup-feed:     published items after the update round, vs stored copies (what the feed would show
 *                   without clustering)
 *   dedup-pairs:    pairwise precision / recall of near-duplicate detection on the labeled fixture pairs
 *   dedup-plan:     planClusters throughput, 30 new stories against a 1,000-story recent window
 */
import { performance } from 'node:perf_hooks';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { DynamoSourceStore, DynamoStoryStore } from '../src/adapters/dynamo-store';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';
import { canonicalUrl, storyId } from '../src/core/identity';
import { compare, fingerprint } from '../src/core/dedupe/similarity';
import { parseFeed } from '../src/core/parse';
import type { StoredStory } from '../src/core/story';
import { planClusters } from '../src/pipeline/cluster';
import { DEFAULT_RETENTION } from '../src/core/story';
import { pollSource, type PollDeps } from '../src/pipeline/poll-source';
import { settleRecent } from '../src/pipeline/settle-clusters';
import type { Logger } from '../src/ports';
import { ITEMS, PAIRS, byKey, storedFromFixture } from '../test/fixtures/dedupe/corpus';
import { roundFeeds, type Round } from '../test/fixtures/dedupe/feeds';
import { FEED_SOURCES, RoundFetcher, countStoryWrites, keepAll } from '../test/fixtures/dedupe/harness';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Raw links of a round's items (what a naive id would key on). */
function rawLinks(round: Round): string[] {
  const now = new Date('2026-11-28T06:00:00Z');
  const out: string[] = [];
  for (const s of FEED_SOURCES) {
    const doc = roundFeeds(round).get(s.url)!;
    out.push(...parseFeed(Buffer.from(doc.body), doc.contentType, { source: { id: s.id, name: s.name, url: s.url }, now }).stories.map((x) => x.link));
  }
  return out;
}

async function pipelineFigures(): Promise<void> {
  const dynamo = await startEmbeddedDynamo({ inMemory: true });
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    const table = `bench${Date.now()}`;
    await ensureTable(client, table);
    const writes = countStoryWrites(client);
    const fetcher = new RoundFetcher();
    let t = Date.parse('2026-11-28T06:00:00Z');
    const stories = new DynamoStoryStore(client, table);
    const deps: PollDeps = {
      fetcher, stories, sources: new DynamoSourceStore(client, table), classifier: keepAll,
      clock: { now: () => new Date((t += 1000)) }, logger: quiet, random: () => 0.5, retention: DEFAULT_RETENTION,
    };
    const poll = async (round: Round): Promise<number> => {
      fetcher.round = round;
      const before = writes();
      for (const s of FEED_SOURCES) {
        const r = await pollSource(deps, s);
        if (r.status !== 'ok') throw new Error(`bench: ${s.name} failed: ${r.error}`);
      }
      await settleRecent(stories, new Date(t));
      return writes() - before;
    };
    const first = await poll(1);
    const unchanged = await poll(1);
    const variants = await poll(2);
    const seen = new Set(rawLinks(1));
    const naiveVariants = rawLinks(2).filter((l) => !seen.has(l)).length;
    await poll(3);
    const published = (await stories.latest(1000)).length;
    let copies = 0;
    for await (const _ of stories.all()) copies++;
    const x = (a: number, b: number): string => (b === 0 ? '—' : (a / b).toFixed(1));
    console.log(`dedup-writes: ${unchanged} story writes per unchanged re-poll (${x(unchanged, first)}x vs first poll, ${first} writes)`);
    // Same items under new GUIDs, tracking parameters, http/https, fragments and retitles.
    console.log(`dedup-variants: ${variants} story writes for re-keyed copies (${x(variants, naiveVariants)}x vs ids from raw links, ${naiveVariants} writes)`);
    console.log(`dedup-feed: ${published} published items for ${copies} stored copies (${x(published, copies)}x vs no clustering, ${copies} items)`);
  } finally {
    await dynamo.stop();
  }
}

function pairFigures(): void {
  let tp = 0, fpos = 0, fn = 0, urlTp = 0, positives = 0;
  for (const [a, b, same] of PAIRS) {
    const sa = storedFromFixture(byKey(a), { canonicalUrl, storyId });
    const sb = storedFromFixture(byKey(b), { canonicalUrl, storyId });
    const fa = fingerprint(sa);
    const fb = fingerprint(sb);
    const dup = compare(fa, fb).duplicate;
    if (dup && same) tp++;
    else if (dup) fpos++;
    else if (same) fn++;
    if (same) positives++;
    // Baseline: what URL identity or an identical headline (wire tags stripped) alone catches.
    if (same && (sa.canonicalUrl === sb.canonicalUrl || fa.normalizedTitle === fb.normalizedTitle)) urlTp++;
  }
  const recall = tp / (tp + fn);
  const urlRecall = urlTp / positives;
  console.log(
    `dedup-pairs: recall ${recall.toFixed(2)} at precision ${(tp / (tp + fpos)).toFixed(2)} on ${PAIRS.length} fixture pairs (${urlRecall === 0 ? 'n/a ' : (recall / urlRecall).toFixed(1)}x vs same URL or headline, recall ${urlRecall.toFixed(2)})`,
  );
}

function planFigures(): void {
  // A 1,000-story window: the fixture items shifted in time and re-keyed, so they do not match each other.
  const base = ITEMS.map((it) => storedFromFixture(it, { canonicalUrl, storyId }));
  const recent: StoredStory[] = [];
  for (let i = 0; recent.length < 1000; i++) {
    const s = base[i % base.length]!;
    recent.push({ ...s, id: `r${i}`, clusterId: `r${i}`, published: new Date(Date.parse(s.published) - (i / base.length) * 5 * 86_400_000).toISOString() });
  }
  const window = planClusters(recent, []).map((p) => p.story); // as stored: with signatures
  const fresh = base.slice(0, 30).map((s, i) => ({ ...s, id: `f${i}` }));
  const runs = 20;
  const start = performance.now();
  for (let i = 0; i < runs; i++) planClusters(fresh, window);
  const ms = (performance.now() - start) / runs;
  // Baseline: just fingerprinting the same 1,030 stories (decoding signatures, normalizing titles).
  const startBase = performance.now();
  for (let i = 0; i < runs; i++) for (const s of [...fresh, ...window]) fingerprint(s);
  const baseMs = (performance.now() - startBase) / runs;
  console.log(`dedup-plan: ${ms.toFixed(1)} ms per 30 new stories against a 1000-story window (${(ms / baseMs).toFixed(1)}x vs fingerprinting them, ${baseMs.toFixed(1)} ms)`);
}

export default async function (): Promise<void> {
  await pipelineFigures();
  pairFigures();
  planFigures();
}
