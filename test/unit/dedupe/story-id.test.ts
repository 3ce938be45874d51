import { describe, expect, it } from 'vitest';
import { canonicalUrl, storyId } from '../../../src/core/identity';

const base = { title: 'Kim visits cemetery', content: 'text', sourceId: 'yonhap' };

describe('storyId', () => {
  it.each([
    ['tracking parameters', 'https://a.example/n/1?utm_source=rss', 'https://a.example/n/1'],
    ['http vs https', 'http://a.example/n/1', 'https://a.example/n/1'],
    ['a fragment', 'https://a.example/n/1#top', 'https://a.example/n/1'],
    ['a trailing slash', 'https://a.example/n/1/', 'https://a.example/n/1'],
    ['www. and upper case host', 'https://WWW.A.example/n/1', 'https://a.example/n/1'],
  ])('gives one id to a link with and without %s', (_case, a, b) => {
    const idA = storyId({ ...base, canonicalUrl: canonicalUrl(a) });
    const idB = storyId({ ...base, canonicalUrl: canonicalUrl(b) });
    expect(idA).toBe(idB);
  });

  it('keys on the link alone: another GUID, title or source does not change the id', () => {
    const link = canonicalUrl('https://a.example/n/1');
    const ids = new Set([
      storyId({ ...base, canonicalUrl: link, guid: 'g1' }),
      storyId({ ...base, canonicalUrl: link, guid: 'g2', title: '(LEAD) Kim visits cemetery' }),
      storyId({ ...base, canonicalUrl: link, sourceId: 'other-feed-of-the-same-outlet' }),
    ]);
    expect(ids.size).toBe(1);
  });

  it('keeps article ids carried in the query apart', () => {
    const a = storyId({ ...base, canonicalUrl: canonicalUrl('https://a.example/view.php?aid=1&utm_source=x') });
    const b = storyId({ ...base, canonicalUrl: canonicalUrl('https://a.example/view.php?aid=2&utm_source=x') });
    expect(a).not.toBe(b);
  });

  it.each([
    ['no link', ''],
    ['a link to the site root (every item points at the home page)', 'https://a.example/'],
    ['a non-http link', 'tag:a.example,2026:1'],
  ])('falls back to the GUID, scoped by source, with %s', (_case, link) => {
    const a = storyId({ ...base, canonicalUrl: link, guid: 'item-1' });
    const sameGuidOtherTitle = storyId({ ...base, canonicalUrl: link, guid: 'item-1', title: 'edited' });
    const otherGuid = storyId({ ...base, canonicalUrl: link, guid: 'item-2' });
    const otherSource = storyId({ ...base, canonicalUrl: link, guid: 'item-1', sourceId: 'ians' });
    expect(sameGuidOtherTitle).toBe(a);
    expect(otherGuid).not.toBe(a);
    expect(otherSource).not.toBe(a);
  });

  it('treats a GUID that is an article URL like a link', () => {
    const fromGuid = storyId({ ...base, canonicalUrl: '', guid: 'http://a.example/n/1?utm_medium=rss' });
    const fromLink = storyId({ ...base, canonicalUrl: canonicalUrl('https://a.example/n/1'), sourceId: 'other' });
    expect(fromGuid).toBe(fromLink);
  });

  it('falls back to title + content, scoped by source, when there is neither link nor GUID', () => {
    const a = storyId({ ...base, canonicalUrl: '' });
    expect(storyId({ ...base, canonicalUrl: '', title: ' Kim  visits cemetery ' })).toBe(a);
    expect(storyId({ ...base, canonicalUrl: '', content: 'other text' })).not.toBe(a);
    expect(storyId({ ...base, canonicalUrl: '', sourceId: 'ians' })).not.toBe(a);
  });

  it('is 32 hex digits', () => {
    expect(storyId({ ...base, canonicalUrl: 'https://a.example/n/1' })).toMatch(/^[0-9a-f]{32}$/);
  });
});
