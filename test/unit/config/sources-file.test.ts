import { describe, expect, it } from 'vitest';
import { ConfigError, parseSourcesFile } from '../../../src/config';
import { parseDuration } from '../../../src/core/duration';

describe('parseSourcesFile', () => {
  it('accepts the minimal file from DESIGN.md and fills defaults', () => {
    const f = parseSourcesFile('sources:\n  - name: Yonhap — North Korea\n    url: https://en.yna.co.kr/RSS/nk.xml\n', 'sources.yml');
    expect(f.sources).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), name: 'Yonhap — North Korea', url: 'https://en.yna.co.kr/RSS/nk.xml', language: undefined, intervalMinutes: 10, enabled: true, fullText: 'auto', publishLead: false, articlesPerPoll: 100 },
    ]);
    expect(f.feed.maxItems).toBe(50);
  });

  it('reads the article settings: defaults for every source, overridden per source', () => {
    const f = parseSourcesFile(
      'defaults:\n  fullText: never\n  articlesPerPoll: 3\nsources:\n  - name: A\n    url: https://a.example/\n  - name: B\n    url: https://b.example/\n    fullText: always\n    publishLead: true\n',
      'x.yml',
    );
    expect(f.sources.map((s) => [s.fullText, s.publishLead, s.articlesPerPoll])).toEqual([
      ['never', false, 3],
      ['always', true, 3],
    ]);
  });

  it('reads feed settings, defaults and per-source keys', () => {
    const f = parseSourcesFile(
      `feed:
  title: My feed
  maxItems: 20
  hub: https://hub.example/
defaults:
  interval: 1h
sources:
  - name: A
    url: https://a.example/rss
    lang: ko
    interval: 90m
  - name: B
    url: https://b.example/rss
    enabled: false
`,
      'x.yml',
    );
    expect(f.feed).toMatchObject({ title: 'My feed', maxItems: 20, hubUrl: 'https://hub.example/' });
    expect(f.sources.map((s) => [s.language, s.intervalMinutes, s.enabled])).toEqual([
      ['ko', 90, true],
      [undefined, 60, false],
    ]);
  });

  it.each([
    ['missing sources key', 'feed:\n  title: x\n', 'x.yml:1:1: config: sources: missing'],
    ['sources not a list', 'sources: 3\n', 'x.yml:1:10: config: sources: expected a list'],
    ['empty list', 'sources: []\n', 'x.yml:1:10: config: sources: the list is empty'],
    ['missing url', 'sources:\n  - name: A\n', 'x.yml:2:5: config: sources[0].url: required'],
    ['bad url', 'sources:\n  - name: A\n    url: ftp://a.example/\n', 'x.yml:3:10: config: sources[0].url: required: an absolute http(s) URL'],
    ['duplicate url', 'sources:\n  - name: A\n    url: https://a.example/\n  - name: B\n    url: https://a.example/\n', 'x.yml:5:10: config: sources[1].url: duplicate of sources[0].url'],
    ['the same feed in capitals', 'sources:\n  - name: A\n    url: https://a.example/feed\n  - name: B\n    url: HTTP://A.EXAMPLE/feed\n', 'x.yml:5:10: config: sources[1].url: duplicate of sources[0].url (the same feed: https://a.example/feed)'],
    ['the same feed with a fragment', 'sources:\n  - name: A\n    url: https://a.example/feed\n  - name: B\n    url: https://a.example/feed#x\n', 'x.yml:5:10: config: sources[1].url: duplicate of sources[0].url'],
    ['the same feed with a doubled slash', 'sources:\n  - name: A\n    url: https://a.example/rss/feed.xml\n  - name: B\n    url: https://www.a.example//rss/feed.xml\n', 'x.yml:5:10: config: sources[1].url: duplicate of sources[0].url'],
    ['a duplicate name', 'sources:\n  - name: Wire\n    url: https://a.example/\n  - name: " wire"\n    url: https://b.example/\n', 'x.yml:4:11: config: sources[1].name: duplicate of sources[0].name'],
    ['unknown key', 'sources:\n  - name: A\n    url: https://a.example/\n    intervall: 5m\n', 'x.yml:4:5: config: sources[0].intervall: unknown key'],
    ['bad interval', 'sources:\n  - name: A\n    url: https://a.example/\n    interval: soon\n', 'x.yml:4:15: config: sources[0].interval: expected a duration'],
    ['bad language', 'sources:\n  - name: A\n    url: https://a.example/\n    lang: Korean\n', 'x.yml:4:11: config: sources[0].lang: expected a language tag'],
    ['bad maxItems', 'feed:\n  maxItems: 0\nsources:\n  - name: A\n    url: https://a.example/\n', 'x.yml:2:13: config: feed.maxItems: expected an integer'],
    ['a bad fullText', 'sources:\n  - name: A\n    url: https://a.example/\n    fullText: sometimes\n', 'x.yml:4:15: config: sources[0].fullText: expected auto, always or never'],
    ['a bad publishLead', 'defaults:\n  publishLead: yes please\nsources:\n  - name: A\n    url: https://a.example/\n', 'x.yml:2:16: config: defaults.publishLead: expected true or false'],
    ['a bad article budget', 'defaults:\n  articlesPerPoll: 1000\nsources:\n  - name: A\n    url: https://a.example/\n', 'x.yml:2:20: config: defaults.articlesPerPoll: expected a whole number from 0 to 100'],
    ['an unknown default', 'defaults:\n  intervall: 5m\nsources:\n  - name: A\n    url: https://a.example/\n', 'x.yml:2:3: config: defaults.intervall: unknown key'],
    ['unknown top-level key', 'source:\n  - name: A\n', 'x.yml:1:1: config: source: unknown key'],
    ['invalid YAML', 'sources:\n  - name: A\n   url: [\n', 'x.yml:3'],
  ])('refuses %s, naming file, line, column and key', (_case, text, expected) => {
    let err: unknown;
    try {
      parseSourcesFile(text, 'x.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.startsWith(expected)).toBe(true);
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['10', undefined],
    ['', undefined],
    ['5 minutes', undefined],
  ])('%s → %s', (text, ms) => expect(parseDuration(text)).toBe(ms));
});
