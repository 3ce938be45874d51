/**
 * The enrich stage with real parts: a headline-only feed whose items link to article pages served on loopback in
 * English, Korean (EUC-KR and UTF-8) and Chinese (GBK and UTF-8), each with page chrome around the story
 * (navigation, related links that name Korea and China, comments, a footer), plus a redirecting link, a page that
 * hangs, a 403 and a 10 MB page. The real fetcher, Readability over linkedom, the default rules, in-memory stores.
 * Every page was written for this test.
 */
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArticleReader } from '../../../src/adapters/article-reader';
import { compileRules } from '../../../src/core/rules/index';
import type { SourceConfig } from '../../../src/core/source';
import { pollSource } from '../../../src/pipeline/poll-source';
import { systemClock } from '../../../src/services/poller';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';
import { ScriptedFetcher, ok, pollDeps, source } from '../../helpers/pipeline';

const rules = compileRules(readFileSync(new URL('../../../config/rules.yml', import.meta.url), 'utf8'), 'config/rules.yml');

/** An article page as news sites serve it: the story inside navigation, related links, comments and a footer. */
function page(title: string, paragraphs: string[], lang: string, charset: string): string {
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="${charset}"><title>${title} | The Daily Wire</title></head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/world">World</a> <a href="/sports">Sports</a></nav></header>
<aside class="related"><h3>Related</h3><ul><li><a href="/x1">North Korea fires two missiles into the sea</a></li><li><a href="/x2">China's exports slow for a third month</a></li><li><a href="/x3">K-pop group tops the charts in Japan</a></li></ul></aside>
<main><article><h1>${title}</h1><p class="byline">By the Daily Wire staff</p>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></main>
<section id="comments"><h3>Comments (2)</h3><p>Great article!</p><p>Who cares.</p></section>
<footer><p>© 2026 The Daily Wire. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>`;
}

const PAGES = {
  '/en/ministers': page('Foreign ministers meet in Beijing', [
    'South Korean Foreign Minister Cho Hyun met his Chinese counterpart Wang Yi in Beijing on Tuesday, and the two agreed to resume the strategic dialogue between their ministries.',
    'They also discussed expanding visa-free travel and the structures China has placed in the Yellow Sea, officials said after the talks.',
  ], 'en', 'utf-8'),
  '/en/markets': page('Markets close higher', [
    'Stocks in Seoul and Tokyo closed higher on Tuesday as chipmakers rallied on hopes of lower interest rates in the United States.',
    'The benchmark index rose 1.2 percent, led by technology shares, while the currency was little changed against the dollar.',
  ], 'en', 'utf-8'),
  '/ko/euckr': page('외교장관 회담…관계 복원 합의', [
    '조현 외교부 장관은 28일 베이징에서 왕이 중국 외교부장과 회담을 열고 한중 관계 복원과 고위급 교류 확대에 합의했다.',
    '두 장관은 서해 구조물 문제와 비자 면제 확대 방안도 논의했다고 외교부가 밝혔다.',
  ], 'ko', 'euc-kr'),
  '/ko/utf8': page('서해 구조물 논의', [
    '정부는 중국 측과 서해 잠정조치수역에 설치된 구조물 문제를 협의했다고 외교부가 밝혔다.',
    '외교부는 중국에 구조물 이전을 요구했으며 양국은 해양 협의체를 다시 열기로 했다.',
  ], 'ko', 'utf-8'),
  '/zh/gbk': page('两国外长举行会谈', [
    '中国外交部长王毅28日在北京同韩国外交部长官赵显举行会谈，双方同意推进中韩战略对话，扩大人员往来。',
    '双方还就黄海钢构物问题和免签政策交换了意见。',
  ], 'zh', 'gbk'),
  '/zh/utf8': page('雙方同意恢復直航', [
    '中國與北韓同意自下月起恢復北京至平壤的直航航班，這是兩國航線停飛五年來首次恢復。',
    '中國國際航空公司表示，每週將執飛兩班，朝鮮高麗航空也將恢復往返航班。',
  ], 'zh', 'utf-8'),
};

let server: FeedServer;
let hangs: Array<() => void> = [];

beforeAll(async () => {
  const routes: Parameters<typeof startFeedServer>[0] = {};
  for (const [path, html] of Object.entries(PAGES)) {
    const charset = /charset="([^"]+)"/.exec(html)![1]!;
    // Legacy pages are served as many sites do: the bytes in the legacy charset, the header without a charset.
    routes[path] = { body: charset === 'utf-8' ? Buffer.from(html) : iconv.encode(html, charset), contentType: 'text/html' };
  }
  routes['/r/1'] = { status: 301, body: '', headers: { location: '/en/ministers' } };
  routes['/blocked'] = { status: 403, body: 'Forbidden', contentType: 'text/plain' };
  for (let i = 1; i <= 6; i++) routes[`/wall/${i}`] = { status: 403, body: 'Forbidden', contentType: 'text/plain' };
  routes['/huge'] = { body: Buffer.alloc(10 * 1024 * 1024, 'a'), contentType: 'text/html' };
  routes['/hang'] = { handle: (_req, res) => hangs.push(() => res.destroy()) };
  server = await startFeedServer(routes);
});

afterAll(async () => {
  for (const h of hangs) h();
  await server?.close();
});

/** A headline-only feed (no description) whose items link to the given paths of the article server. */
function headlineFeed(items: Array<[title: string, path: string]>): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Headlines</title><link>https://news.example/</link>
${items.map(([t, p], i) => `<item><title>${t}</title><link>${server.url}${p}</link><guid isPermaLink="false">h${i}</guid><pubDate>Sat, 28 Nov 2026 09:0${i % 10}:00 GMT</pubDate></item>`).join('\n')}
</channel></rss>`;
}

function deps(feedUrl: string, feed: string, over: Parameters<typeof pollDeps>[1] = {}) {
  return pollDeps(new ScriptedFetcher({ [feedUrl]: ok(feed) }), {
    classifier: rules,
    clock: systemClock,
    articles: createArticleReader({ allowPrivateHosts: true, clock: systemClock }),
    ...over,
  });
}

const src = (url: string, over: Partial<SourceConfig> = {}): SourceConfig => ({ ...source(url, 'Headlines'), fullText: 'auto', articlesPerPoll: 10, ...over });

describe('enrich: headline-only items decided on their article', () => {
  it('keeps relevant headline-only stories in three languages and four charsets because of their articles, and drops the irrelevant one', async () => {
    const items: Array<[string, string]> = [
      ['Foreign ministers meet in Beijing', '/en/ministers'],
      ['Markets close higher', '/en/markets'],
      ['외교장관 회담…관계 복원 합의', '/ko/euckr'],
      ['서해 구조물 논의', '/ko/utf8'],
      ['两国外长举行会谈', '/zh/gbk'],
      ['雙方同意恢復直航', '/zh/utf8'],
    ];
    // Without articles, the headlines alone keep nothing.
    const bare = deps('https://news.example/rss', headlineFeed(items), { articles: undefined });
    expect(await pollSource(bare, src('https://news.example/rss'))).toMatchObject({ status: 'ok', new: 6, kept: 0 });

    const d = deps('https://news.example/rss', headlineFeed(items));
    const r = await pollSource(d, src('https://news.example/rss'));
    expect(r).toMatchObject({ status: 'ok', new: 6, articlesRead: 6, decidedByArticle: 5, kept: 5 });
    const kept = (await d.stories.latest(10)).map((s) => s.title).sort();
    expect(kept).toEqual(['Foreign ministers meet in Beijing', '两国外长举行会谈', '雙方同意恢復直航', '서해 구조물 논의', '외교장관 회담…관계 복원 합의'].sort());
    const stored = [...d.stories.stories.values()].map((e) => e.story);
    // The explanation says the evidence came from the article, and the lead (not the page) is what is stored.
    const ko = stored.find((s) => s.title.startsWith('외교장관'))!;
    expect(ko.decision.matches.filter((m) => m.field === 'article').map((m) => m.text)).toEqual(expect.arrayContaining(['한중', '회담']));
    expect(ko.articleLead).toMatch(/^조현 외교부 장관은 28일 베이징에서 왕이 중국 외교부장과 회담을 열고 한중 관계 복원/);
    expect(ko.summary).toBe(''); // the feed's own summary is published, not the lead
    for (const s of stored) {
      expect(s.articleLead ?? '').not.toMatch(/Related|Comments|Great article|All rights reserved|missiles|K-pop/);
      expect((s.articleLead ?? '').length).toBeLessThanOrEqual(600);
    }
    const zh = stored.find((s) => s.title === '两国外长举行会谈')!;
    expect(zh.articleLead).toContain('中国外交部长王毅28日在北京同韩国外交部长官赵显举行会谈');
    const markets = stored.find((s) => s.title === 'Markets close higher')!;
    expect(markets.decision.kept).toBe(false);
  });

  it('follows a redirecting link, and publishes the lead when the operator asks for it', async () => {
    const d = deps('https://news.example/r', headlineFeed([['Foreign ministers meet in Beijing', '/r/1']]));
    const r = await pollSource(d, src('https://news.example/r', { publishLead: true }));
    expect(r).toMatchObject({ kept: 1, articlesRead: 1 });
    const [s] = await d.stories.latest(1);
    expect(s!.summary).toMatch(/^South Korean Foreign Minister Cho Hyun met his Chinese counterpart Wang Yi/);
  });

  it('reports a 403, a 10 MB page and a page that hangs in the source\'s health, and decides those items on the feed', async () => {
    const d = deps('https://news.example/bad', headlineFeed([
      ['서해 구조물 논의', '/ko/utf8'],
      ['Foreign ministers meet in Beijing', '/blocked'],
      ['Foreign ministers meet in Beijing again', '/huge'],
      ['Foreign ministers meet once more', '/hang'],
      ['Foreign ministers meet at last', '/en/ministers'],
    ]), { deadline: () => Date.now() + 4_000 });
    const started = Date.now();
    const r = await pollSource(d, src('https://news.example/bad'));
    expect(Date.now() - started).toBeLessThan(8_000);
    // The page queued behind the hanging one on the same host is not started once the deadline is near.
    expect(r).toMatchObject({ status: 'ok', new: 5, kept: 1, articlesRead: 1 });
    expect(r.warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/\/blocked: HTTP 403/),
      expect.stringMatching(/\/huge: .*(cap|too large|exceeds)/i),
      expect.stringMatching(/\/hang: .*(deadline|timeout)/i),
      expect.stringMatching(/\/en\/ministers: not read: the poll's deadline came while 127\.0\.0\.1:\d+ was busy/),
    ]));
    const state = await d.sources.get(src('https://news.example/bad').id);
    expect(state).toMatchObject({ consecutiveFailures: 0, lastWarning: expect.stringMatching(/HTTP 403/) });
  });

  it('reads no more than the budget, thin items first, and nothing when the source says never', async () => {
    const items: Array<[string, string]> = [
      ['Foreign ministers meet in Beijing', '/en/ministers'],
      ['외교장관 회담…관계 복원 합의', '/ko/euckr'],
      ['서해 구조물 논의', '/ko/utf8'],
      ['两国外长举行会谈', '/zh/gbk'],
    ];
    const d = deps('https://news.example/budget', headlineFeed(items));
    const r = await pollSource(d, src('https://news.example/budget', { articlesPerPoll: 2 }));
    expect(r).toMatchObject({ articlesRead: 2, kept: 2 });
    expect(r.warnings).toEqual(['2 thin or close items not read: the budget is 2 articles per poll']);

    const before = server.requests.length;
    const n = deps('https://news.example/never', headlineFeed(items));
    expect(await pollSource(n, src('https://news.example/never', { fullText: 'never' }))).toMatchObject({ kept: 0 });
    expect(server.requests.length).toBe(before);
  });

  it('leaves a host alone after three pages in a row that it refused, and says so once per poll', async () => {
    const items = Array.from({ length: 6 }, (_, i): [string, string] => [`Foreign ministers meet, part ${i + 1}`, `/wall/${i + 1}`]);
    const d = deps('https://news.example/wall', headlineFeed(items));
    const before = server.requests.filter((q) => q.path.startsWith('/wall/')).length;
    const r = await pollSource(d, src('https://news.example/wall'));
    expect(server.requests.filter((q) => q.path.startsWith('/wall/')).length - before).toBe(3);
    expect(r.warnings?.filter((w) => /HTTP 403/.test(w))).toHaveLength(3);
    expect(r.warnings?.filter((w) => /not asked: 3 pages from 127\.0\.0\.1:\d+ failed in a row/.test(w))).toHaveLength(2);
    expect(r.warnings?.at(-1)).toBe('… and 1 more articles not read');
  });

  it('reads a page once: a second outlet linking the same article is served from the cache', async () => {
    const reader = createArticleReader({ allowPrivateHosts: true, clock: systemClock });
    const a = deps('https://a.example/rss', headlineFeed([['Foreign ministers meet in Beijing', '/zh/gbk']]), { articles: reader });
    const before = server.requests.filter((q) => q.path === '/zh/gbk').length;
    await pollSource(a, src('https://a.example/rss'));
    const b = deps('https://b.example/rss', headlineFeed([['两国外长举行会谈', '/zh/gbk']]), { articles: reader });
    const r = await pollSource(b, src('https://b.example/rss'));
    expect(r).toMatchObject({ kept: 1, articlesRead: 1 });
    expect(server.requests.filter((q) => q.path === '/zh/gbk').length - before).toBe(1);
  });
});
