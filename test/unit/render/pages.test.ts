import { describe, expect, it } from 'vitest';
import { renderIndexPage, renderOpml, type IndexPageInput } from '../../../src/core/html-page';
import type { SourceConfig } from '../../../src/core/source';
import type { SourceState } from '../../../src/ports';
import { sourcesHealth } from '../../../src/pipeline/sources-health';
import { storedStory } from '../../helpers/stories';

const feeds = (p: string) => ({ rss: `http://h${p}.xml`, atom: `http://h${p}.atom`, json: `http://h${p}.json` });
const input: IndexPageInput = {
  title: 'Wire <&> Sieve',
  description: 'd',
  language: 'en',
  feeds: feeds('/feed'),
  topics: [{ name: 'korea-china', feeds: feeds('/topics/korea-china') }],
  sourcesJsonUrl: 'http://h/sources.json',
  opmlUrl: 'http://h/sources.opml',
  stories: [
    storedStory({
      id: 'a1',
      title: '<img src=x onerror=alert(1)> AT&T',
      alsoReported: [{ id: 'b', source: 'Yonhap', link: 'https://yna.example/b', title: 't' }],
      decision: { kept: true, topics: ['korea-china'], score: 1, reason: 'kept by rule korea-china', matches: [{ rule: 'korea-china', term: 'seoul', field: 'title', start: 0, end: 5, text: 'Seoul' }] },
    }),
  ],
  updated: new Date('2026-11-02T00:00:00Z'),
};

describe('renderIndexPage', () => {
  it('offers autodiscovery for the three formats and escapes every story field', () => {
    // Act
    const html = renderIndexPage(input);
    // Assess
    expect(html).toContain('<link rel="alternate" type="application/rss+xml" title="Wire &lt;&amp;&gt; Sieve (RSS)" href="http://h/feed.xml">');
    expect(html).toContain('type="application/atom+xml"');
    expect(html).toContain('type="application/feed+json"');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; AT&amp;T');
    expect(html).not.toContain('<img');
    expect(html).toContain('Why: kept by rule korea-china — “Seoul” in title (rule korea-china)');
    expect(html).toContain('Also reported by: <a href="https://yna.example/b">Yonhap</a>');
    expect(html).toContain('href="http://h/sources.json"');
  });

  it.each([
    [1, false],
    [2, true],
  ])('lists per-topic feeds only when there are several topics (%i topic(s))', (n, shown) => {
    // Prepare
    const topics = ['korea-china', 'sanctions'].slice(0, n).map((name) => ({ name, feeds: feeds(`/topics/${name}`) }));
    // Act
    const html = renderIndexPage({ ...input, topics });
    // Assess
    expect(html.includes('<h2>Topics</h2>')).toBe(shown);
  });
});

describe('renderOpml', () => {
  it('lists enabled sources as rss outlines with escaped attributes', () => {
    // Prepare
    const sources: SourceConfig[] = [
      { id: 'a', name: 'A & "B"', url: 'https://a.example/rss?x=1&y=2', intervalMinutes: 10, enabled: true },
      { id: 'c', name: 'Off', url: 'https://c.example/rss', intervalMinutes: 10, enabled: false },
    ];
    // Act
    const opml = renderOpml({ title: 'T', sources, ownerUrl: 'http://h/' });
    // Assess
    expect(opml).toContain('<outline type="rss" text="A &amp; &quot;B&quot;" title="A &amp; &quot;B&quot;" xmlUrl="https://a.example/rss?x=1&amp;y=2"/>');
    expect(opml).not.toContain('c.example');
  });
});

describe('sourcesHealth', () => {
  const cfg = (id: string, enabled = true): SourceConfig => ({ id, name: id, url: `https://${id}.example/rss`, intervalMinutes: 10, enabled });
  const state = (id: string, over: Partial<SourceState>): SourceState => ({ sourceId: id, url: `https://${id}.example/rss`, name: id, consecutiveFailures: 0, itemsSeen: 0, itemsKept: 0, ...over });

  it.each([
    ['never polled', cfg('a'), undefined, 'pending'],
    ['polled fine', cfg('a'), state('a', { lastFetchedAt: 't', lastSuccessAt: 't', itemsSeen: 5, itemsKept: 2 }), 'ok'],
    ['failing', cfg('a'), state('a', { lastFetchedAt: 't', lastErrorAt: 't', lastError: 'fetch: HTTP 503', consecutiveFailures: 2 }), 'failing'],
    ['disabled', cfg('a', false), state('a', { lastSuccessAt: 't' }), 'disabled'],
  ] as const)('%s → %s', (_name, config, st, status) => {
    // Act
    const report = sourcesHealth([config], st ? [st] : []);
    // Assess
    expect(report.sources[0]?.status).toBe(status);
    expect(report.summary[status]).toBe(1);
    expect(report.sources[0]).toMatchObject({ name: 'a', url: 'https://a.example/rss', consecutiveFailures: st?.consecutiveFailures ?? 0 });
  });
});
