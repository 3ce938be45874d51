/**
 * `npm run bench -- stall`: how long the event loop stalls while one poll parses and classifies the biggest feed
 * the limits allow (just under the 10 MB body cap: 500 items, each with a long article), measured by a 5 ms
 * interval timer in the same process — the delay a reader of `/sources.json` would see in local mode. The baseline
 * is the same parse and classification done in one synchronous run, as the pipeline did before it yielded.
 *
 * Prints `stall: N ms max event-loop delay polling a 9.8 MB feed (R.Rx vs one synchronous pass)`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MemorySourceStore, MemoryStoryStore } from '../src/adapters/memory-store';
import { parseFeed } from '../src/core/parse';
import { compileRules } from '../src/core/rules/index';
import { classifyInput } from '../src/pipeline/classify-input';
import { DEFAULT_RETENTION } from '../src/core/story';
import { pollSource } from '../src/pipeline/poll-source';
import type { FetchResult } from '../src/ports';

const rules = compileRules(readFileSync(fileURLToPath(new URL('../config/rules.yml', import.meta.url)), 'utf8'), 'config/rules.yml');
const PARA =
  '<p>North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on Tuesday, <a href="https://x.example/a">state media</a> ' +
  'said, pledging closer ties. 한중 외교장관 회담이 열렸다. 中韩外长举行会谈。</p>';

function bigFeed(): Buffer {
  const article = PARA.repeat(Math.ceil(14_000 / PARA.length));
  let x = '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://s.example/</link>';
  for (let i = 0; i < 500; i++) {
    x += `<item><title>China and Korea ${i}</title><link>https://s.example/${i}</link><description><![CDATA[${article.slice(0, 2000)}]]></description><content:encoded><![CDATA[${article}]]></content:encoded></item>`;
  }
  return Buffer.from(`${x}</channel></rss>`);
}

/** The longest gap between 5 ms ticks while `work` runs. */
async function maxStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let max = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 5);
  await new Promise((r) => setTimeout(r, 20));
  last = performance.now();
  await work();
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(timer);
  return max;
}

export default async function run(): Promise<void> {
  const body = bigFeed();
  const url = 'https://s.example/rss';
  const src = { id: 's', name: 'S', url, intervalMinutes: 10, enabled: true };
  const baseline = await maxStall(async () => {
    const feed = parseFeed(body, 'application/rss+xml', { source: src, now: new Date() });
    for (const s of feed.stories) rules.classify(classifyInput(s));
  });
  const polled = await maxStall(() =>
    pollSource(
      {
        fetcher: { fetch: async (): Promise<FetchResult> => ({ status: 'ok', httpStatus: 200, finalUrl: url, body, contentType: 'application/rss+xml' }) },
        stories: new MemoryStoryStore(),
        sources: new MemorySourceStore(),
        classifier: rules,
        clock: { now: () => new Date() },
        logger: { debug() {}, info() {}, warn() {}, error() {} },
        random: Math.random,
        retention: DEFAULT_RETENTION,
      },
      src,
    ),
  );
  console.log(`stall: ${polled.toFixed(0)} ms max event-loop delay polling a ${(body.length / 1e6).toFixed(1)} MB feed (${(polled / baseline).toFixed(1)}x vs one synchronous pass)`);
}
