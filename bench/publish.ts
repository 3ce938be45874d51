/**
 * `npm run bench -- publish`: the publisher on DynamoDB Local (started here, in memory) with 500 kept stories
 * over 10 days and 4 topics, writing the site into a folder (local mode's sink; the S3 sink writes the same
 * objects, test/integration/aws/site-s3.test.ts). Measured in the same run:
 *   publish-first:       render and write every route into an empty folder (the baseline)
 *   publish-unchanged:   publish again with nothing changed: objects written (none expected)
 *   publish-one-story:   one new story (unsettled, as a poll stores it) and a version bump, then publish: ms, and
 *                        objects written
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createDynamoClient } from '../src/adapters/dynamo-client';
import { DynamoSourceStore, DynamoStoryStore } from '../src/adapters/dynamo-store';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';
import { timelineKey } from '../src/core/story';
import { createSitePublisher, folderSite } from '../src/services/publisher';
import { benchStory, quietLogger } from './serve';

const STORIES = 500;
const TOPICS = ['korea-china', 'trade', 'sanctions', 'border'];

export default async function publish(): Promise<void> {
  const dynamo = await startEmbeddedDynamo({ inMemory: true });
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  try {
    const table = `bench${randomUUID().replace(/-/g, '')}`;
    await ensureTable(client, table);
    const stories = new DynamoStoryStore(client, table);
    const now = Date.now();
    const withTopics = (i: number) => ({ ...benchStory(i, now - 3_600_000), id: `b${i}`, clusterId: `b${i}`, published: new Date(now - 3_600_000 - i * 1_728_000).toISOString() });
    for (let i = 0; i < STORIES; i++) {
      const s = withTopics(i);
      await stories.putStory({ ...s, firstSeen: s.published, decision: { ...s.decision, topics: ['korea-china', TOPICS[i % TOPICS.length]!] } }, 2_000_000_000);
    }
    await stories.bumpFeedVersion(new Date(now).toISOString());
    const dir = mkdtempSync(join(tmpdir(), 'ws-bench-publish-'));
    const publisher = createSitePublisher({
      stores: { stories, sources: new DynamoSourceStore(client, table) },
      sink: folderSite(dir),
      settings: { title: 'bench', description: 'bench feed', baseUrl: 'http://127.0.0.1:8080', language: 'en', maxItems: 50 },
      sourceConfigs: [],
      topics: TOPICS,
      logger: quietLogger,
    });
    const timed = async () => {
      const t0 = process.hrtime.bigint();
      const out = await publisher.publish();
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, ...out };
    };
    const first = await timed();
    const unchanged = await timed();
    // A new story as a poll stores it: unsettled, so this publish compares it with the timeline first
    const { clusterId: _settled, ...base } = benchStory(0, now);
    const s = { ...base, id: 'fresh', title: 'China and South Korea reopen the Incheon–Weihai ferry route', summary: 'The ferry between Incheon and Weihai resumes on Monday after talks between the two transport ministries.', link: 'https://news.example/fresh', canonicalUrl: 'https://news.example/fresh' };
    await stories.putStory(s, 2_000_000_000);
    await stories.bumpFeedVersion(new Date().toISOString(), timelineKey(s));
    const one = await timed();
    const total = first.written.length + first.unchanged.length;
    console.log(`publish-first: ${first.ms.toFixed(0)} ms (1.0x vs itself; ${first.written.length} of ${total} objects written, ${first.read} stories read)`);
    console.log(`publish-unchanged: ${unchanged.written.length} objects written (${unchanged.ms.toFixed(0)} ms, ${(unchanged.ms / first.ms).toFixed(2)}x vs publish-first)`);
    console.log(`publish-one-story: ${one.ms.toFixed(0)} ms (${(one.ms / first.ms).toFixed(2)}x vs publish-first; ${one.written.length} of ${total} objects written: ${one.written.join(' ')})`);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}
