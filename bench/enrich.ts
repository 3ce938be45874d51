/**
 * `npm run bench -- enrich`: the cost of reading one article for a thin item — decoding the page, Readability over
 * linkedom, the lead — on generated pages with real page chrome (navigation, related links, comments, footer) in
 * English, Korean (EUC-KR) and Chinese (GBK), beside the cost of parsing one feed item in the same run (a
 * 50-item feed through parseFeed, divided by 50). The first page also pays the libraries' load (reported apart).
 *
 * Prints `enrich: M ms per article, median (p95 P ms; R.Rx vs one feed item parsed)`.
 */
import iconv from 'iconv-lite';
import { extractArticle } from '../src/core/article';
import { parseFeed } from '../src/core/parse';

const SENTENCES: Record<'en' | 'ko' | 'zh', string[]> = {
  en: [
    'South Korea and China agreed on Tuesday to resume a regular strategic dialogue between their foreign ministries.',
    'The agreement came after talks in Beijing between the two foreign ministers, who also discussed visa-free travel.',
    'Analysts said the move signals a thaw in ties strained by disputes over structures in the Yellow Sea.',
    'Officials said working-level talks would follow next month in Seoul.',
  ],
  ko: ['조현 외교부 장관은 베이징에서 왕이 중국 외교부장과 회담을 열었다.', '두 장관은 한중 관계 복원과 고위급 교류 확대에 합의했다.', '서해 구조물 문제와 비자 면제 확대 방안도 논의됐다.', '외교부는 다음 달 서울에서 실무 협의를 열 예정이라고 밝혔다.'],
  zh: ['中国外交部长王毅在北京同韩国外交部长官举行会谈。', '双方同意推进中韩战略对话，扩大人员往来。', '双方还就黄海钢构物问题和免签政策交换了意见。', '外交部表示，下月将在首尔举行工作层磋商。'],
};

function page(lang: 'en' | 'ko' | 'zh', n: number): string {
  const body = Array.from({ length: 6 + (n % 10) }, (_, i) => `<p>${SENTENCES[lang][i % 4]} ${SENTENCES[lang][(i + n) % 4]}</p>`).join('\n');
  const related = Array.from({ length: 12 }, (_, i) => `<li><a href="/r/${i}">${SENTENCES[lang][i % 4]!.slice(0, 40)}</a></li>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="${lang === 'en' ? 'utf-8' : lang === 'ko' ? 'euc-kr' : 'gbk'}"><title>Story ${n}</title>
<script>window.analytics = { id: ${n} };</script><style>body { margin: 0 }</style></head><body>
<header><nav>${['Home', 'World', 'Politics', 'Business', 'Sports', 'Culture'].map((x) => `<a href="/${x}">${x}</a>`).join(' ')}</nav></header>
<aside><h3>Most read</h3><ul>${related}</ul></aside>
<main><article><h1>Story ${n}</h1><p class="byline">By staff</p>${body}</article></main>
<section class="comments">${Array.from({ length: 20 }, (_, i) => `<div class="comment"><b>reader${i}</b><p>comment ${i}</p></div>`).join('')}</section>
<footer>© 2026 Wire · <a href="/privacy">Privacy</a></footer></body></html>`;
}

export default async function run(): Promise<void> {
  const pages = Array.from({ length: 60 }, (_, n) => {
    const lang = (['en', 'ko', 'zh'] as const)[n % 3]!;
    const html = page(lang, n);
    return lang === 'en' ? Buffer.from(html) : iconv.encode(html, lang === 'ko' ? 'euc-kr' : 'gbk');
  });
  const t0 = performance.now();
  await extractArticle(pages[0]!, 'text/html');
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const [n, body] of pages.entries()) {
      const t = performance.now();
      const a = await extractArticle(body, 'text/html');
      times.push(performance.now() - t);
      if (!a?.lead) throw new Error(`bench enrich: no lead from page ${n}`);
    }
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const p95 = times[Math.floor(times.length * 0.95)]!;

  const items = Array.from({ length: 50 }, (_, i) => `<item><title>${SENTENCES.en[i % 4]}</title><link>https://wire.example/${i}</link><description>${SENTENCES.en[(i + 1) % 4]} ${SENTENCES.en[(i + 2) % 4]}</description><pubDate>Sat, 28 Nov 2026 10:00:00 GMT</pubDate></item>`).join('');
  const feed = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>W</title><link>https://wire.example/</link>${items}</channel></rss>`);
  const ctx = { source: { id: 's', name: 'S', url: 'https://wire.example/rss' }, now: new Date() };
  for (let i = 0; i < 20; i++) parseFeed(feed, 'application/rss+xml', ctx);
  const runs = 200;
  const p0 = performance.now();
  for (let i = 0; i < runs; i++) parseFeed(feed, 'application/rss+xml', ctx);
  const perItem = (performance.now() - p0) / runs / 50;
  console.log(`enrich: ${median.toFixed(2)} ms per article, median (p95 ${p95.toFixed(2)} ms; ${(median / perItem).toFixed(1)}x vs one feed item parsed)`);
  console.log(`enrich-first: ${firstMs.toFixed(0)} ms for the first article, loading Readability and linkedom (${(firstMs / median).toFixed(1)}x vs a warm article)`);
}
