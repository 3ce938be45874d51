/** Test helper: build StoredStory records with sensible defaults. */
import type { StoredStory } from '../../src/core/story';

export function storedStory(over: Partial<StoredStory> & { id: string }): StoredStory {
  return {
    title: `Story ${over.id}`,
    link: `https://news.example/${over.id}`,
    canonicalUrl: `https://news.example/${over.id}`,
    summary: 'Summary text.',
    published: '2026-11-01T00:00:00.000Z',
    publishedFromFeed: true,
    categories: [],
    source: { id: 'src1', name: 'Example Wire', url: 'https://news.example/rss' },
    decision: { kept: true, topics: ['korea-china'], score: 1, matches: [], reason: 'kept by rule korea-china', rule: 'korea-china' },
    firstSeen: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}
