import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { renderFeed, renderFeedDetailed, type FeedMeta } from '../../../src/core/render';
import type { StoredStory } from '../../../src/core/story';
import { storedStory } from '../../helpers/stories';

const meta: FeedMeta = {
  title: 'Wire & Sieve <test>',
  description: 'Korea–China "relations"',
  selfUrl: 'http://127.0.0.1:8080/feed.xml',
  homeUrl: 'http://127.0.0.1:8080/',
  language: 'en',
  updated: new Date('2026-11-02T00:00:00Z'),
};

type Extra = { id?: string; 'dc:creator'?: string; 'content:encoded'?: string };
const parser: Parser<Record<string, unknown>, Extra> = new Parser({ customFields: { item: ['dc:creator', 'id'] } });

const TRICKY_TITLES = [
  'AT&T <b> "x"',
  'a ]]> b ]]> c',
  'R&amp;D is literal',
  "Kim's <script>alert(1)</script>",
  '한중 외교장관 회담…북핵 문제 논의',
  '中朝边境贸易 & 丹东',
];

function story(i: number, over: Partial<StoredStory> = {}): StoredStory {
  return storedStory({
    id: `s${i}`,
    title: TRICKY_TITLES[i % TRICKY_TITLES.length] as string,
    link: `https://news.example/a?id=${i}&lang=en`,
    published: new Date(Date.UTC(2026, 10, 1, 12 - i)).toISOString(),
    ...over,
  });
}

const STORIES = TRICKY_TITLES.map((_, i) => story(i));

describe('renderFeed: RSS 2.0 and Atom 1.0 read back by rss-parser', () => {
  it.each(['rss', 'atom'] as const)('%s keeps every title as plain text, and links, ids and dates', async (format) => {
    // Prepare
    const m = { ...meta, selfUrl: `http://127.0.0.1:8080/feed.${format === 'rss' ? 'xml' : 'atom'}` };
    // Act
    const parsed = await parser.parseString(renderFeed(format, STORIES, m));
    // Assess
    expect(parsed.title).toBe('Wire & Sieve <test>');
    expect(parsed.items.map((i) => i.title)).toEqual(TRICKY_TITLES);
    expect(parsed.items.map((i) => i.link)).toEqual(STORIES.map((s) => s.link));
    expect(parsed.items.map((i) => i.guid ?? i.id)).toEqual(STORIES.map((s) => `urn:wiresieve:story:${s.id}`));
    expect(parsed.items.map((i) => new Date(i.isoDate ?? '').toISOString())).toEqual(STORIES.map((s) => s.published));
  });

  it('RSS items carry guid isPermaLink="false", source url, dc:creator, topics as categories and the explanation', async () => {
    // Prepare
    const s = story(0, {
      author: 'Kim & Lee',
      decision: {
        kept: true,
        topics: ['korea-china', 'sanctions'],
        score: 2,
        rule: 'korea-china',
        reason: 'kept by rule korea-china',
        matches: [{ rule: 'korea-china', term: 'dandong', field: 'title', start: 0, end: 7, text: 'Dandong' }],
      },
      alsoReported: [{ id: 'x', source: 'Yonhap', link: 'https://yna.example/x?a=1&b=2', title: 'Copy' }],
    });
    // Act
    const xml = renderFeed('rss', [s], meta);
    const item = (await parser.parseString(xml)).items[0];
    // Assess
    expect(xml).toContain('<guid isPermaLink="false">urn:wiresieve:story:s0</guid>');
    expect(xml).toContain('<source url="https://news.example/rss">Example Wire</source>');
    expect(item?.['dc:creator']).toBe('Kim & Lee');
    expect(item?.categories).toEqual(['korea-china', 'sanctions']);
    expect(item?.['content:encoded']).toContain('<strong>Why it is here:</strong> kept by rule korea-china');
    expect(item?.['content:encoded']).toContain('“Dandong” in title');
    expect(item?.['content:encoded']).toContain('Also reported by:</strong> <a href="https://yna.example/x?a=1&amp;b=2"');
    expect(xml).not.toMatch(/<author>/); // RSS <author> must be an e-mail address
  });

  it.each([
    ['rss', /<atom:link href="http:\/\/127\.0\.0\.1:8080\/feed\.xml" rel="self" type="application\/rss\+xml"\/>/, /<atom:link href="https:\/\/hub\.example\/" rel="hub"\/>/],
    ['atom', /<link rel="self" href="http:\/\/127\.0\.0\.1:8080\/feed\.xml"\/>/, /<link rel="hub" href="https:\/\/hub\.example\/"\/>/],
  ] as const)('%s has a self link, a hub link when configured, and the stylesheet', (format, self, hub) => {
    // Act
    const xml = renderFeed(format, STORIES, { ...meta, hubUrl: 'https://hub.example/', stylesheetUrl: 'feed.xsl' });
    // Assess
    expect(xml).toMatch(self);
    expect(xml).toMatch(hub);
    expect(xml).toContain('<?xml-stylesheet href="feed.xsl" type="text/xsl"?>');
  });

  it('names the publisher an aggregator gave an item, and the source it came through', async () => {
    const s = story(0, { outlet: 'Xinhua', source: { id: 'gn', name: 'Google News', url: 'https://news.google.com/rss/search?q=x' } });
    const xml = renderFeed('rss', [s], meta);
    expect(xml).toContain('<source url="https://news.google.com/rss/search?q=x">Xinhua (via Google News)</source>');
    const item = (await parser.parseString(xml)).items[0];
    expect(item?.['content:encoded']).toContain('<strong>Source:</strong> <a href="https://news.google.com/rss/search?q=x">Xinhua (via Google News)</a>');
  });

  it('Atom entries have type="text" titles, urn ids, an atom:source and xml:lang', () => {
    // Act
    const xml = renderFeed('atom', [story(0)], meta);
    // Assess
    expect(xml).toContain('<title type="text">AT&amp;T &lt;b&gt; &quot;x&quot;</title>');
    expect(xml).not.toContain('type="html"><![CDATA[');
    expect(xml).toContain('<id>urn:wiresieve:story:s0</id>');
    expect(xml).toMatch(/<source><id>https:\/\/news\.example\/rss<\/id>.*<title>Example Wire<\/title>.*<\/source>/);
    expect(xml).toContain('xml:lang="en"');
  });

  it.each(['rss', 'atom'] as const)('%s: RFC 5005 archive links and fh:archive on archive pages', (format) => {
    // Act
    const xml = renderFeed(format, STORIES, {
      ...meta,
      archive: { prev: 'http://127.0.0.1:8080/archive/k1.xml', current: 'http://127.0.0.1:8080/feed.xml', isArchive: true },
    });
    // Assess
    expect(xml).toMatch(/rel="prev-archive" href="http:\/\/127\.0\.0\.1:8080\/archive\/k1\.xml"/);
    expect(xml).toMatch(/rel="current" href="http:\/\/127\.0\.0\.1:8080\/feed\.xml"/);
    expect(xml).toContain('<fh:archive/>');
    expect(xml).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"');
  });
});

describe('renderFeed: robustness', () => {
  it.each([
    ['a javascript: link', { link: 'javascript:alert(1)' }, 'no absolute http(s) link'],
    ['an empty link', { link: '' }, 'no absolute http(s) link'],
    ['an unparseable date', { published: 'yesterday-ish' }, 'unparseable published date'],
  ])('skips a story with %s, counts it, and renders the rest', async (_name, over, reason) => {
    // Prepare
    const stories = [story(0), story(1, { id: 'bad', ...over }), story(2)];
    for (const format of ['rss', 'atom', 'json'] as const) {
      // Act
      const { body, skipped } = renderFeedDetailed(format, stories, meta);
      // Assess
      expect(skipped).toEqual([{ id: 'bad', reason }]);
      const ids = format === 'json'
        ? (JSON.parse(body) as { items: Array<{ id: string }> }).items.map((i) => i.id)
        : (await parser.parseString(body)).items.map((i) => i.guid ?? i.id);
      expect(ids).toEqual(['urn:wiresieve:story:s0', 'urn:wiresieve:story:s2']);
    }
  });

  it('drops characters XML cannot carry instead of producing an ill-formed document', async () => {
    // Prepare
    const s = story(0, { title: 'bell\u0007 and nul\u0000 and lone \uD800 surrogate', summary: 'x\u001Fy' });
    // Act
    const parsed = await parser.parseString(renderFeed('rss', [s], meta));
    // Assess
    expect(parsed.items[0]?.title).toBe('bell and nul and lone  surrogate');
  });

  it('is deterministic: the same input gives the same bytes (no clock inside)', () => {
    expect(renderFeed('atom', STORIES, meta)).toBe(renderFeed('atom', STORIES, meta));
    expect(renderFeed('rss', [], meta)).toContain('<lastBuildDate>Mon, 02 Nov 2026 00:00:00 GMT</lastBuildDate>');
  });
});

describe('renderFeed: JSON Feed 1.1', () => {
  it('writes version 1.1 with authors, language, items and the _wiresieve extension', () => {
    // Prepare
    const s = story(0, { author: 'Kim', alsoReported: [{ id: 'x', source: 'Yonhap', link: 'https://yna.example/x', title: 'Copy' }] });
    // Act
    const doc = JSON.parse(renderFeed('json', [s], { ...meta, selfUrl: 'http://127.0.0.1:8080/feed.json', hubUrl: 'https://hub.example/', archive: { prev: 'http://127.0.0.1:8080/archive/k.json' } }));
    // Assess
    expect(doc).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Wire & Sieve <test>',
      home_page_url: 'http://127.0.0.1:8080/',
      feed_url: 'http://127.0.0.1:8080/feed.json',
      language: 'en',
      authors: [{ name: 'Wire & Sieve <test>' }],
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
      next_url: 'http://127.0.0.1:8080/archive/k.json',
    });
    expect(doc.author).toBeUndefined();
    expect(doc.items[0]).toMatchObject({
      id: 'urn:wiresieve:story:s0',
      url: s.link,
      title: 'AT&T <b> "x"',
      summary: 'Summary text.',
      date_published: s.published,
      authors: [{ name: 'Kim' }],
      tags: ['korea-china'],
      _wiresieve: {
        source: { name: 'Example Wire', feed_url: 'https://news.example/rss' },
        topics: ['korea-china'],
        reason: 'kept by rule korea-china',
        also_reported: [{ source: 'Yonhap', url: 'https://yna.example/x', title: 'Copy' }],
      },
    });
    expect(doc.items[0].author).toBeUndefined();
  });
});
