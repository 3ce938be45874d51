import { createHash } from 'node:crypto';
import { writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { createDynamoClient, sdkDynamoApi } from '../src/adapters/dynamo-client';
import { DynamoStoryStore } from '../src/adapters/dynamo-store';
import { ensureTable } from '../src/adapters/dynamo-table';
import { startEmbeddedDynamo } from '../src/adapters/embedded-dynamodb';
const dynamo = await startEmbeddedDynamo({ inMemory: true, port: 8765 });
const client = createDynamoClient({ endpoint: dynamo.endpoint });
await ensureTable(client, 'benchfeed');
const store = new DynamoStoryStore(sdkDynamoApi(client), 'benchfeed');
for (let i = 0; i < 50; i++) {
  const id = createHash('sha256').update(`bench-${i}`).digest('hex').slice(0, 24);
  const published = new Date(Date.UTC(2026, 10, 1) + i * 3_600_000).toISOString();
  await store.putStory({ id, title: `China and South Korea hold talks on trade, round ${i}`, link: `https://wire.example/${i}`, canonicalUrl: `https://wire.example/${i}`,
    summary: 'Seoul and Beijing agreed to expand trade and keep talking about North Korea. '.repeat(6), published, publishedFromFeed: true,
    categories: [], language: 'en', source: { id: 'bench', name: 'Bench Wire', url: 'https://wire.example/rss' },
    decision: { kept: true, topics: ['trade', 'diplomacy'], score: 5, matches: [], reason: 'kept: bench', rule: 'bench' }, firstSeen: published } as any, 2_000_000_000);
}
await store.bumpFeedVersion(new Date().toISOString());
mkdirSync('/tmp/cs/config', { recursive: true });
writeFileSync('/tmp/cs/config/sources.yml', `feed:\n  baseUrl: https://feeds.example.test\nsources:\n  - name: Loopback Wire\n    url: http://127.0.0.1:1/wire.xml\n`);
copyFileSync('config/rules.yml', '/tmp/cs/config/rules.yml');
console.log('ready', dynamo.endpoint);
setInterval(() => {}, 1 << 30);
