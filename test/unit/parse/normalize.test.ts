import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { MAX_FEED_BYTES, ParseError, parseFeed } from '../../../src/core/parse';
import { authorName, bound } from '../../../src/core/normalize';

const FIXTURES = join(__dirname, '../../fixtures/feeds');
const NOW = new Date('2024-06-01T00:00:00Z');
const ctx = (url = 'https://wire.example/feeds/asia.xml') => ({ source: { id: 'src-1', name: 'Wire', url }, now: NOW });
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

describe('parseFeed: RSS 2.0 with relative links', () => {
  const feed = parseFeed(fixture('rss2-relative.xml'), 'application/rss+xml', ctx());
  const [first, second, third] = feed.stories;

  it('reads the channel', () => {
    expect(feed).toMatchObject({ title: 'Wire & Co — Asia', link: 'https://wire.example/asia/', language: 'en-us', ttlMinutes: 30 });
    expect(feed.stories).toHaveLength(3);
  });

  it('makes the title plain text and the link absolute', () => {
    expect(first!.title).toBe('Seoul and Beijing resume talks …');
    expect(first!.link).toBe('https://wire.example/2024/05/seoul-beijing-talks?utm_source=rss');
    expect(first!.canonicalUrl).not.toBe('');
    expect(first!.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('keeps guid, author, categories, language and the feed date in UTC', () => {
    expect(first).toMatchObject({
      guid: 'wire-20240525-001',
      author: 'Kim Min-ji',
      categories: ['Diplomacy', 'Korea'],
      language: 'en-us',
      published: '2024-05-25T05:30:00.000Z',
      publishedFromFeed: true,
    });
  });

  it('gives a plain-text summary and sanitized absolute content', () => {
    expect(first!.summary).toBe('Foreign ministers met in Seoul.');
    expect(first!.content).toBe('<p>Full text with <a>a bad link</a> and <img src="https://wire.example/asia/img/map.png" alt="map" />.</p>');
  });

  it('uses a permalink guid as the link and now as the date when the feed has none', () => {
    expect(second).toMatchObject({ link: 'https://wire.example/2024/05/permalink-guid', published: NOW.toISOString(), publishedFromFeed: false });
  });

  it('falls back to now for an unparseable date and keeps the author name only', () => {
    expect(third).toMatchObject({ publishedFromFeed: false, published: NOW.toISOString(), author: 'Lee Jun-ho' });
  });

  it('gives the same ids on a second parse', () => {
    const again = parseFeed(fixture('rss2-relative.xml'), undefined, ctx());
    expect(again.stories.map((s) => s.id)).toEqual(feed.stories.map((s) => s.id));
  });
});

describe('parseFeed: the outlet an aggregator names for an item', () => {
  it('reads RSS <source> (Google News: the publisher) and an Atom entry’s <source><title>', () => {
    const rss = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Search</title><link>https://news.example/</link>
      <item><title>Seoul and Beijing hold talks - Xinhua</title><link>https://news.example/a</link><source url="https://english.news.cn">Xinhua</source></item>
      <item><title>No source here</title><link>https://news.example/b</link></item></channel></rss>`);
    const [withSource, without] = parseFeed(rss, 'application/rss+xml', ctx()).stories;
    expect(withSource!.outlet).toBe('Xinhua');
    expect(withSource!.title).toBe('Seoul and Beijing hold talks - Xinhua');
    expect(without!.outlet).toBeUndefined();

    const atom = Buffer.from(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Planet</title><id>urn:x</id><updated>2024-05-01T00:00:00Z</updated>
      <entry><title>Kim visits Beijing</title><id>urn:e1</id><link href="https://news.example/e1"/><updated>2024-05-01T00:00:00Z</updated>
      <source><id>urn:origin</id><title>Korea Desk</title><updated>2024-05-01T00:00:00Z</updated></source></entry></feed>`);
    expect(parseFeed(atom, 'application/atom+xml', ctx()).stories[0]!.outlet).toBe('Korea Desk');
  });

  it('keeps the site RSS <source url> gives for that outlet, only when it is an http(s) address', () => {
    const rss = Buffer.from(`<?xml version="1.0"?><rss version="2.0"><channel><title>Search</title><link>https://news.example/</link>
      <item><title>a</title><link>https://news.example/a</link><source url="https://en.yna.co.kr">Yonhap News Agency</source></item>
      <item><title>b</title><link>https://news.example/b</link><source url="javascript:alert(1)">Somebody</source></item>
      <item><title>c</title><link>https://news.example/c</link><source>No site</source></item></channel></rss>`);
    const [site, script, none] = parseFeed(rss, 'application/rss+xml', ctx()).stories;
    expect(site).toMatchObject({ outlet: 'Yonhap News Agency', outletUrl: 'https://en.yna.co.kr/' });
    expect(script!.outlet).toBe('Somebody');
    expect(script!.outletUrl).toBeUndefined();
    expect(none!.outletUrl).toBeUndefined();
  });
});

describe('parseFeed: other formats', () => {
  it('reads RSS 1.0 (RDF)', () => {
    const feed = parseFeed(fixture('rss1.rdf'), undefined, ctx('https://rdf.example/rss'));
    expect(feed).toMatchObject({ title: 'RDF Wire', language: 'ko' });
    expect(feed.stories[0]).toMatchObject({
      title: 'First RDF item',
      link: 'https://rdf.example/a/1',
      guid: 'https://rdf.example/a/1',
      published: '2024-05-25T00:00:00.000Z',
      author: 'RDF Desk',
      categories: ['Policy'],
      language: 'ko',
    });
  });

  it('reads Atom 1.0 with xml:base, alternate links, typed titles and xhtml content', () => {
    const feed = parseFeed(fixture('atom.xml'), 'application/atom+xml', ctx('https://atom.example/feed.atom'));
    expect(feed).toMatchObject({ title: 'Atom <Wire>', link: 'https://atom.example/', language: 'zh-CN' });
    const [a, b] = feed.stories;
    expect(a).toMatchObject({
      title: 'China & Korea sign accord',
      link: 'https://atom.example/news/2024/accord.html',
      guid: 'tag:atom.example,2024:accord',
      published: '2024-05-25T00:00:00.000Z',
      author: 'Wang Lei',
      categories: ['Trade'],
      summary: 'Leaders signed.',
      language: 'zh-CN',
    });
    expect(a!.content).toContain('<a href="https://atom.example/beijing">Beijing</a>');
    expect(b).toMatchObject({ link: 'https://other.example/x/y.html', published: '2024-05-27T00:00:00.000Z', publishedFromFeed: true, language: 'ko' });
  });

  it('reads <rss> without a version attribute as RSS 2.0', () => {
    const feed = parseFeed(fixture('rss-no-version.xml'), undefined, ctx());
    expect(feed.stories.map((s) => s.title)).toEqual(['Still read as RSS 2.0']);
  });

  it('decodes a Korean feed declared euc-kr only in its XML prolog', () => {
    const title = '한중 외교장관 회담 개최';
    const xml = `<?xml version="1.0" encoding="euc-kr"?><rss version="2.0"><channel><title>연합뉴스</title><item><title>${title}</title><link>https://ko.example/1</link><pubDate>2024-05-25 오후 11:23:17</pubDate></item></channel></rss>`;
    const feed = parseFeed(iconv.encode(xml, 'euc-kr'), 'text/xml', ctx());
    expect(feed.title).toBe('연합뉴스');
    expect(feed.stories[0]).toMatchObject({ title, published: '2024-05-25T14:23:17.000Z' });
  });

  it('repairs HTML entities and bare ampersands outside CDATA', () => {
    const xml = '<rss version="2.0"><channel><title>A&nbsp;B &euro; R&D</title><item><title><![CDATA[x &amp; y]]></title></item></channel></rss>';
    const feed = parseFeed(Buffer.from(xml), undefined, ctx());
    expect(feed.title).toBe('A B € R&D');
    expect(feed.stories[0]!.title).toBe('x & y');
  });
});

describe('parseFeed: refusals are clean ParseErrors', () => {
  it.each([
    ['an empty body', '', /empty body/],
    ['whitespace only', '  \n ', /empty body/],
    ['an HTML page', '<!DOCTYPE html>\n<html><head><title>x</title></head><body>hi</body></html>', /HTML page/],
    ['an HTML page without doctype', '<html><body><rss></rss></body></html>', /HTML page/],
    ['not XML', 'just some text', /not XML/],
    ['a non-feed root', '<?xml version="1.0"?><opml version="2.0"><body/></opml>', /not a feed: root element is <opml>/],
    ['truncated XML', '<rss version="2.0"><channel><title>cut off</title><item><title>half', /malformed feed/],
    ['rss without channel', '<rss version="2.0"><item><title>x</title></item></rss>', /<rss> without a <channel>/],
    ['a billion-laughs DOCTYPE', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>', /entity declarations refused/],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><title>&x;</title></channel></rss>', /entity declarations refused/],
  ])('%s', (_label, body, message) => {
    expect(() => parseFeed(Buffer.from(body), undefined, ctx())).toThrow(ParseError);
    expect(() => parseFeed(Buffer.from(body), undefined, ctx())).toThrow(message);
  });

  it('refuses a too-large body before decoding it', () => {
    const big = Buffer.alloc(MAX_FEED_BYTES + 1, 0x20);
    expect(() => parseFeed(big, undefined, ctx())).toThrow(/more than the/);
  });

  it('keeps the library error as the cause', () => {
    try {
      parseFeed(Buffer.from('<rss version="2.0"><channel><title>x</title>'), undefined, ctx());
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).message).toMatch(/^parse: /);
      expect((e as ParseError).cause).toBeInstanceOf(Error);
    }
  });

  it('accepts an RSS 0.91 DOCTYPE without an internal subset', () => {
    const xml = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><item><title>i</title><link>https://o.example/</link></item></channel></rss>';
    expect(parseFeed(Buffer.from(xml), undefined, ctx()).stories[0]!.link).toBe('https://o.example/');
  });
});

describe('helpers', () => {
  it.each([
    ['desk@wire.example (Lee Jun-ho)', 'Lee Jun-ho'],
    ['Lee Jun-ho (desk@wire.example)', 'Lee Jun-ho'],
    ['Lee Jun-ho <desk@wire.example>', 'Lee Jun-ho'],
    ['desk@wire.example', 'desk@wire.example'],
    ['  Kim  Min-ji ', 'Kim Min-ji'],
  ])('authorName(%j) = %j', (raw, want) => {
    expect(authorName(raw)).toBe(want);
  });

  it('bounds text at a word boundary with an ellipsis', () => {
    const out = bound('word '.repeat(300), 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    expect(out.endsWith('word…')).toBe(true);
  });
});
