import { describe, expect, it } from 'vitest';
import { canonicalUrl, storyId } from '../../../src/core/identity';
import { planClusters } from '../../../src/pipeline/cluster';
import type { StoredStory } from '../../../src/core/story';
import { byKey, storedFromFixture } from '../../fixtures/dedupe/corpus';
import { storedStory } from '../../helpers/stories';

const story = (key: string, over: Partial<StoredStory> = {}): StoredStory => ({ ...storedFromFixture(byKey(key), { canonicalUrl, storyId }), ...over });
/** A stored representative, as recent() returns it (signature filled by an earlier plan). */
const stored = (key: string): StoredStory => planClusters([story(key)], [])[0]!.story;

describe('planClusters', () => {
  it('makes every unrelated new story its own representative, with a signature and a normalized title', () => {
    // Act
    const plans = planClusters([story('B1'), story('D1'), story('G3')], []);
    // Assess
    expect(plans).toHaveLength(3);
    for (const p of plans) {
      expect(p.story.clusterId).toBe(p.story.id);
      expect(p.story.signature).toMatch(/^m1:/);
      expect(p.story.normalizedTitle).toBeTruthy();
      expect(p.representative).toBeUndefined();
    }
  });

  it('joins a copy from another outlet to the stored representative and lists the outlet once', () => {
    // Prepare
    const rep = stored('A2');
    // Act
    const plans = planClusters([story('A4')], [rep]);
    // Assess
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative?.id).toBe(rep.id);
    expect(plans[0]!.representative?.alsoReported).toEqual([{ id: plans[0]!.story.id, source: 'IANS', link: story('A4').link, title: story('A4').title, site: new URL(story('A4').link).hostname.replace(/^www\./, '') }]);
  });

  it('does not change the stored representative it was given', () => {
    const rep = stored('A2');
    planClusters([story('A4')], [rep]);
    expect(rep.alsoReported).toBeUndefined();
  });

  it.each([
    ['a republish under a new URL (same outlet)', 'E1', 'E2'],
    ['a (LEAD) update from the same outlet', 'A2', 'A3'],
  ])('joins %s silently: no "also reported" entry, no rewrite of the representative', (_case, repKey, copyKey) => {
    const rep = stored(repKey);
    const plans = planClusters([story(copyKey)], [rep]);
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative).toBeUndefined();
  });

  it('lists an outlet that is already listed only once', () => {
    const rep = { ...stored('A2'), alsoReported: [{ id: 'x', source: 'IANS', link: 'https://ians.example/news/earlier', title: 't' }] };
    const plans = planClusters([story('A4')], [rep]);
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative).toBeUndefined();
  });

  it('keeps the stored representative even when a new copy is dated earlier (the representative is stable)', () => {
    // Prepare: Yonhap's (LEAD) is stored first; the plain Yonhap item, dated earlier, arrives later.
    const rep = stored('A3');
    // Act
    const plans = planClusters([story('A2')], [rep]);
    // Assess
    expect(plans[0]!.story.clusterId).toBe(rep.id);
  });

  it('within one poll, makes the earliest published copy the representative and fills its list before it is stored', () => {
    // Act: given out of order
    const plans = planClusters([story('B5'), story('B3'), story('B1')], []);
    // Assess
    const b3 = plans.find((p) => p.story.id === story('B3').id)!;
    const b5 = plans.find((p) => p.story.id === story('B5').id)!;
    expect(plans[0]!.story.id).toBe(story('B1').id);
    expect(b3.story.clusterId).toBe(b3.story.id);
    expect(b5.story.clusterId).toBe(b3.story.id);
    expect(b3.story.alsoReported?.map((a) => a.source)).toEqual(['IANS']);
    expect(plans.every((p) => p.representative === undefined)).toBe(true);
  });

  it('rewrites a stored representative once, on the last plan that joins it, with every new outlet', () => {
    // Prepare
    const rep = stored('D3');
    const herald = story('D1');
    const times = { ...story('D1'), id: 'times-copy', link: 'https://ktimes.example/copy', canonicalUrl: 'https://ktimes.example/copy', source: { id: 'times', name: 'Korea Times', url: 'https://ktimes.example/rss' }, published: '2026-11-27T06:00:00Z' };
    // Act
    const plans = planClusters([herald, times], [rep]);
    // Assess
    expect(plans.map((p) => p.story.clusterId)).toEqual([rep.id, rep.id]);
    expect(plans[0]!.representative).toBeUndefined();
    expect(plans[1]!.representative?.alsoReported?.map((a) => a.source)).toEqual(['Korea Herald', 'Korea Times']);
  });

  it('never merges two different stories about the same summit', () => {
    const plans = planClusters([story('B1'), story('B3'), story('B4'), story('B2')], []);
    const clusters = new Set(plans.map((p) => p.story.clusterId));
    expect(clusters.size).toBe(4);
  });

  it('ignores recent stories that are themselves cluster members', () => {
    const member = { ...stored('A2'), clusterId: 'someone-else' };
    const plans = planClusters([story('A4')], [member]);
    expect(plans[0]!.story.clusterId).toBe(plans[0]!.story.id);
  });

  it('computes fingerprints for stored stories without a signature (written before signatures existed)', () => {
    const legacy = story('A2');
    const plans = planClusters([story('A4')], [legacy]);
    expect(plans[0]!.story.clusterId).toBe(legacy.id);
  });
});

describe('planClusters: copies an aggregator names the publisher of (Google News)', () => {
  const gn = { id: 'gn', name: 'Google News — Korea–China relations (EN)', url: 'https://news.google.com/rss/search?q=x' };
  const item = (id: string, outlet: string, published: string): StoredStory =>
    storedStory({
      id,
      title: `Xi and Lee agree to resume fisheries talks in Yellow Sea - ${outlet}`,
      summary: `Xi and Lee agree to resume fisheries talks in Yellow Sea - ${outlet} ${outlet}`,
      link: `https://news.google.com/rss/articles/${id}?oc=5`,
      canonicalUrl: `https://news.google.com/rss/articles/${id}`,
      outlet,
      source: gn,
      published,
      firstSeen: published,
    });

  it('lists another publisher from the same search feed by the name Google News gives it', () => {
    const rep = planClusters([item('r1', 'Reuters', '2026-11-01T01:00:00.000Z')], [])[0]!.story;
    const plans = planClusters([item('y1', 'Yonhap News Agency', '2026-11-01T02:00:00.000Z')], [rep]);
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative?.alsoReported?.map((a) => a.source)).toEqual(['Yonhap News Agency']);
  });

  it('knows a copy of an outlet that has a feed of its own by the site Google News gives for it', () => {
    // Yonhap's own feed, then Google News's copy of the same story (<source url="https://en.yna.co.kr">).
    const own = storedStory({
      id: 'own1',
      title: 'Xi and Lee agree to resume fisheries talks in Yellow Sea',
      summary: 'Xi and Lee agree to resume fisheries talks in Yellow Sea',
      link: 'https://en.yna.co.kr/view/AEN20261101000100315',
      canonicalUrl: 'https://en.yna.co.kr/view/AEN20261101000100315',
      source: { id: 'yna', name: 'Yonhap — All news', url: 'https://en.yna.co.kr/RSS/news.xml' },
      published: '2026-11-01T01:00:00.000Z',
      firstSeen: '2026-11-01T01:00:00.000Z',
    });
    const rep = planClusters([own], [])[0]!.story;
    const copy = { ...item('y1', 'Yonhap News Agency', '2026-11-01T02:00:00.000Z'), outletUrl: 'https://en.yna.co.kr/' };
    const plans = planClusters([copy], [rep]);
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative).toBeUndefined();

    // Another publisher's copy is listed, with its site, and the same outlet under another name is not listed again.
    const reuters = { ...item('r1', 'Reuters', '2026-11-01T03:00:00.000Z'), outletUrl: 'https://www.reuters.com/' };
    const withReuters = planClusters([reuters], [rep])[0]!.representative!;
    expect(withReuters.alsoReported).toEqual([expect.objectContaining({ source: 'Reuters', site: 'reuters.com' })]);
    const renamed = { ...item('r2', 'Reuters.com', '2026-11-01T04:00:00.000Z'), outletUrl: 'https://reuters.com/' };
    expect(planClusters([renamed], [withReuters])[0]!.representative).toBeUndefined();
  });

  it('still joins the same publisher silently', () => {
    const rep = planClusters([item('r1', 'Reuters', '2026-11-01T01:00:00.000Z')], [])[0]!.story;
    const plans = planClusters([item('r2', 'Reuters', '2026-11-01T02:00:00.000Z')], [rep]);
    expect(plans[0]!.story.clusterId).toBe(rep.id);
    expect(plans[0]!.representative).toBeUndefined();
  });
});
