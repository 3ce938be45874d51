/**
 * Limits after the body is accepted: items per feed, bytes per field, dates, links and the stored size. Every
 * hostile document here is built in the test; each limit is checked for what it keeps as well as what it cuts.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src/core/normalize';
import { MAX_ITEMS, parseFeed } from '../../../src/core/parse';
import { clampPublished, fitForStore, FUTURE_SKEW_MINUTES, PAST_WINDOW_DAYS, publishableDecision, STORED_MAX_BYTES } from '../../../src/core/story-limits';
import type { StoredStory } from '../../../src/core/story';
import { trimItems } from '../../../src/core/trim-items';

const NOW = new Date('2026-11-28T12:00:00Z');
const ctx = { source: { id: 's', name: 'S', url: 'https://s.example/rss' }, now: NOW };
const rssOf = (items: string): Buffer =>
  Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>T</title><link>https://s.example/</link>${items}</channel></rss>`);
const item = (i: number, date?: string): string =>
  `<item><title>Story ${i}</title><link>https://s.example/${i}</link>${date ? `<pubDate>${date}</pubDate>` : ''}</item>`;

describe('items per feed', () => {
  it('keeps the newest MAX_ITEMS of a longer feed, in document order, and says how many it left out', () => {
    // Oldest first, as some archives list them: the newest are at the end.
    const items = Array.from({ length: MAX_ITEMS + 100 }, (_, i) => item(i, new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toUTCString())).join('');
    const feed = parseFeed(rssOf(items), 'application/rss+xml', ctx);
    expect(feed.stories).toHaveLength(MAX_ITEMS);
    expect(feed.itemsOverLimit).toEqual({ total: MAX_ITEMS + 100, removed: 100 });
    expect(feed.stories[0]!.title).toBe('Story 100');
    expect(feed.stories.at(-1)!.title).toBe(`Story ${MAX_ITEMS + 99}`);
  });

  it('reads a feed of a million empty items as its first MAX_ITEMS, without building the rest', () => {
    const body = rssOf('<item/>'.repeat(1_000_000));
    const feed = parseFeed(body, 'application/rss+xml', ctx);
    expect(feed.itemsOverLimit).toEqual({ total: 1_000_000, removed: 1_000_000 - MAX_ITEMS });
    expect(feed.stories).toHaveLength(MAX_ITEMS);
  });

  it('is not fooled by item tags inside CDATA or comments, and counts Atom entries', () => {
    const tricky = `<item><title>A</title><description><![CDATA[</item><item>not an item]]></description></item><!-- <item> --><item><title>B</title></item>`;
    expect(trimItems(tricky, 10)).toMatchObject({ total: 2, removed: 0 });
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom">${'<entry><title>x</title><updated>2026-01-01T00:00:00Z</updated></entry>'.repeat(3)}</feed>`;
    const trimmed = trimItems(atom, 2);
    expect(trimmed).toMatchObject({ total: 3, removed: 1 });
    expect(trimmed.xml.match(/<entry>/g)).toHaveLength(2);
  });

  it('leaves a feed within the limit byte for byte', () => {
    const xml = rssOf(item(1) + item(2)).toString();
    expect(trimItems(xml, MAX_ITEMS)).toEqual({ xml, total: 2, removed: 0 });
  });
});

describe('bytes per field', () => {
  it('cuts a 9 MB headline, a huge description and article, and a monster link before anything reads them', () => {
    const huge = 'China Korea '.repeat(750_000); // 9 MB: the whole feed stays under the 10 MB cap
    const body = rssOf(
      `<item><title>${huge}</title><link>https://s.example/${'a'.repeat(5000)}</link><description>${huge.slice(0, 400_000)}</description>` +
        `<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>${huge.slice(0, 600_000)}</p>]]></content:encoded></item>` +
        item(2),
    );
    expect(body.length).toBeLessThan(10 * 1024 * 1024);
    const feed = parseFeed(body, 'application/rss+xml', ctx);
    const [big, small] = feed.stories;
    expect(big!.title.length).toBeLessThanOrEqual(LIMITS.title);
    expect(big!.title).toMatch(/^China Korea China Korea/);
    expect(big!.summary.length).toBeLessThanOrEqual(1000);
    expect(big!.content!.length).toBeLessThanOrEqual(LIMITS.rawContent + 100);
    expect(big!.link).toBe(''); // 5,000 characters is not an article address
    expect(small).toMatchObject({ title: 'Story 2', link: 'https://s.example/2' });
  });
});

describe('dates', () => {
  const story = (published: string) => ({ ...parseFeed(rssOf(item(1)), undefined, ctx).stories[0]!, published });

  it('clamps a date in 2100 to just after first sight, and keeps the feed\'s own date', () => {
    const s = clampPublished(story('2100-01-01T00:00:00.000Z'), NOW);
    expect(s.published).toBe(new Date(NOW.getTime() + FUTURE_SKEW_MINUTES * 60_000).toISOString());
    expect(s.publishedInFeed).toBe('2100-01-01T00:00:00.000Z');
  });

  it('clamps a years-old date to the start of the window, and leaves a date inside it alone', () => {
    expect(clampPublished(story('1999-01-01T00:00:00.000Z'), NOW).published).toBe(new Date(NOW.getTime() - PAST_WINDOW_DAYS * 86_400_000).toISOString());
    const fine = story('2026-11-27T08:00:00.000Z');
    expect(clampPublished(fine, NOW)).toBe(fine);
  });
});

describe('links', () => {
  it('drops a kept story whose link is not http(s): it cannot take a place on the timeline', () => {
    const [s] = parseFeed(rssOf('<item><title>China and Korea talks</title><link>javascript:alert(1)</link></item>'), undefined, ctx).stories;
    expect(s!.link).toBe('');
    const d = publishableDecision(s!, { kept: true, topics: ['diplomacy'], score: 5, matches: [], reason: 'kept: score 5 ≥ 3' });
    expect(d).toMatchObject({ kept: false, topics: [], reason: 'dropped: no http(s) link to publish (kept: score 5 ≥ 3)' });
  });
});

describe('stored size', () => {
  const stored = (content: string, matches = 0): StoredStory => ({
    ...parseFeed(rssOf(item(1)), undefined, ctx).stories[0]!,
    content,
    decision: { kept: true, topics: [], score: 3, reason: 'r', matches: Array.from({ length: matches }, () => ({ rule: 'r', term: 't', field: 'title' as const, start: 0, end: 1, text: 'x' })) },
    firstSeen: NOW.toISOString(),
  });

  it('keeps a normal story as it is', () => {
    const s = stored('<p>short</p>');
    expect(fitForStore(s)).toEqual({ story: s });
  });

  it('drops the article HTML of a story too big to store, keeping the summary and saying so', () => {
    const fit = fitForStore(stored(`<p>${'한'.repeat(120_000)}</p>`));
    expect(fit.story?.content).toBeUndefined();
    expect(fit.story?.summary).toBeDefined();
    expect(fit.story && 'trimmed' in fit ? fit.trimmed : '').toMatch(/article HTML dropped/);
  });

  it('refuses, with a reason, a story that stays too big without its article', () => {
    const s = { ...stored(''), summary: 'x'.repeat(STORED_MAX_BYTES + 10) };
    const fit = fitForStore(s);
    expect(fit.story).toBeUndefined();
    expect('reason' in fit ? fit.reason : '').toMatch(/more than 307200 even without its article HTML/);
  });
});
