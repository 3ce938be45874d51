/**
 * The site published from fixture stories in a memory store into a temporary folder, served on loopback by the
 * local static server, for checks by hand: the W3C Feed Validator,
 * test/browser/screenshot.ts and ../shared/conformance/reader-check.sh.
 *
 *   node bin/run-ts.js test/browser/fixture-server.ts [--port 8090] [--max-items 10]
 *
 * Prints the base URL, then serves until killed. Dates are relative to now so nothing looks implausible.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySourceStore, MemoryStoryStore } from '../../src/adapters/memory-store';
import { startStaticServer } from '../../src/adapters/static-server';
import { createSitePublisher, folderSite } from '../../src/services/publisher';
import type { SourceConfig } from '../../src/core/source';
import type { StoredStory } from '../../src/core/story';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};

const sources: SourceConfig[] = [
  { id: 'yna', name: 'Yonhap — North Korea', url: 'https://en.yna.example/RSS/northkorea.xml', intervalMinutes: 10, enabled: true },
  { id: 'xinhua', name: 'Xinhua 新华网', url: 'https://xinhua.example/world/rss.xml', intervalMinutes: 10, enabled: true },
  { id: 'kbs', name: 'KBS 뉴스', url: 'https://kbs.example/rss?cat=intl&lang=ko', intervalMinutes: 30, enabled: true },
];

const TITLES = [
  'AT&T <b> "x" & China–Korea talks ]]> resume',
  'N. Korea, China mark 75th anniversary of Chinese People\'s Volunteers\' entry into Korean War',
  '한중 외교장관 회담…북핵 문제 논의',
  '中朝边境贸易恢复 丹东口岸车辆往来增多',
  'Seoul protests Beijing\'s "Northeast Project" claims over Goguryeo',
  'China repatriates North Korean defectors despite appeals from Seoul',
  'UN panel: ship-to-ship transfers of coal off Chinese coast evade sanctions',
  'Xi, Kim exchange New Year greetings',
  'Korea–China FTA phase-two services talks open in Beijing',
  'Kimchi vs pao cai: cultural dispute flares again online',
  'PLA and ROK navies hold hotline talks on Yellow Sea structures',
  'Dandong bridge still unopened a decade on',
  'Yoon, Xi meet on APEC sidelines; agree on 2+2 dialogue',
  'K-drama streaming curbs in China: industry waits for signals',
];

export function fixtureStories(now: Date): StoredStory[] {
  return TITLES.map((title, i): StoredStory => {
    const src = sources[i % sources.length] as SourceConfig;
    const published = new Date(now.getTime() - (i + 1) * 5 * 3_600_000).toISOString(); // 5 h apart: archive pages over several days
    const id = `fixture${String(i).padStart(2, '0')}`;
    const topics = i % 3 === 0 ? ['korea-china', 'sanctions'] : ['korea-china'];
    return {
      id,
      clusterId: id, // settled, as publish leaves stored stories (their summaries are alike on purpose)
      title,
      link: `https://${new URL(src.url).host}/news/${id}?ref=rss&lang=en`,
      canonicalUrl: `https://${new URL(src.url).host}/news/${id}`,
      summary: `Summary of story ${i} with <angle brackets> & ampersands — 요약 摘要.`,
      published,
      publishedFromFeed: true,
      author: i % 4 === 0 ? 'Kim Soo-yeon & Li Wei' : undefined,
      categories: [],
      source: { id: src.id, name: src.name, url: src.url, siteUrl: `https://${new URL(src.url).host}/` },
      decision: {
        kept: true,
        topics,
        rule: topics[0],
        score: 2,
        reason: `kept by rule ${topics.join(' + ')}: Korea term and China term in the title`,
        matches: [
          { rule: 'korea-china', group: 'korea', term: 'korea', field: 'title', start: 0, end: 5, text: 'Korea' },
          { rule: 'korea-china', group: 'china', term: 'china', field: 'summary', start: 0, end: 5, text: 'China' },
        ],
      },
      firstSeen: published,
      alsoReported: i === 1 ? [{ id: 'x', source: 'KCNA Watch', link: 'https://kcnawatch.example/a?x=1&y=2', title: 'Copy' }] : undefined,
    };
  });
}

export async function startFixtureServer(port: number, maxItems: number, now = new Date()) {
  const stories = new MemoryStoryStore();
  for (const s of fixtureStories(now)) await stories.putStory(s, 0);
  await stories.bumpFeedVersion(now.toISOString());
  const states = new MemorySourceStore();
  await states.put({
    sourceId: 'yna', url: sources[0]!.url, name: sources[0]!.name, consecutiveFailures: 0, itemsSeen: 40, itemsKept: 9,
    lastFetchedAt: now.toISOString(), lastSuccessAt: now.toISOString(), nextFetchAt: new Date(now.getTime() + 600_000).toISOString(),
  });
  await states.put({
    sourceId: 'xinhua', url: sources[1]!.url, name: sources[1]!.name, consecutiveFailures: 3, itemsSeen: 0, itemsKept: 0,
    lastFetchedAt: now.toISOString(), lastErrorAt: now.toISOString(), lastError: 'fetch: HTTP 503', lastStatus: 503,
  });
  // The base URL is known once the server listens (port 0 picks a free one).
  const dir = mkdtempSync(join(tmpdir(), 'ws-fixture-site-'));
  const server = await startStaticServer({ dir, port });
  const publisher = createSitePublisher({
    stores: { stories, sources: states },
    sink: folderSite(dir),
    settings: { title: 'wiresieve: Korea–China', description: 'Korea–China relations from the wires, filtered by explainable rules.', baseUrl: server.url, language: 'en', maxItems },
    sourceConfigs: sources,
    topics: ['korea-china', 'sanctions'],
    logger: { debug: () => undefined, info: () => undefined, warn: console.warn, error: console.error },
    now: () => now,
  });
  await publisher.publish();
  server.reload();
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = await startFixtureServer(arg('--port', 8090), arg('--max-items', 10));
  console.log(server.url);
}
