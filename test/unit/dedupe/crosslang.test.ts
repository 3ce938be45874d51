import { describe, expect, it } from 'vitest';
import { HAS_CJK, crossEvidence, crossMatch, crossStrongEnough, entities, foldedSpellings, writingOf } from '../../../src/core/dedupe/crosslang';
import { canonicalUrl, storyId } from '../../../src/core/identity';
import { planClusters } from '../../../src/pipeline/cluster';
import { CROSS_PAIRS, byKey, storedFromFixture } from '../../fixtures/dedupe/corpus';

const ent = (key: string): Set<string> => {
  const it = byKey(key);
  return entities(`${it.title}\n${it.summary}`);
};

describe('entities', () => {
  it.each([
    ['English', 'Kim Jong-un visited the cemetery of the Chinese People’s Volunteers', ['kim_jong_un', 'cpv', 'cemetery']],
    ['Korean', '김정은 위원장이 중국인민지원군 열사묘를 참배했다', ['kim_jong_un', 'cpv', 'cemetery', 'tribute']],
    ['Simplified Chinese', '金正恩参谒中国人民志愿军烈士陵园', ['kim_jong_un', 'cpv', 'cemetery', 'tribute']],
    ['Traditional Chinese', '金正恩參謁中國人民志願軍烈士陵園', ['kim_jong_un', 'cpv', 'cemetery', 'tribute']],
    ['whole words only in English', 'Xiamen trade fair', ['trade']],
    ['plurals', 'two missiles and sanctions', ['missile', 'sanctions']],
  ])('%s', (_case, text, expected) => {
    expect([...entities(text)].sort()).toEqual([...expected].sort());
  });

  it('folds every spelling within its script class, so CJK spellings can wait for a text with CJK characters', () => {
    // entities() folds the Latin spellings on its first call and the CJK ones (which need the Traditional→Simplified
    // table) on its first text with CJK characters: that is the same matching only while folding keeps the class.
    const moved = foldedSpellings().filter(({ spelling, folded }) => HAS_CJK.test(spelling) !== HAS_CJK.test(folded));
    expect(moved).toEqual([]);
    expect(foldedSpellings().filter(({ spelling }) => HAS_CJK.test(spelling)).length).toBeGreaterThan(50);
  });

  it.each([
    ['North Korea fires missile', 'latin'],
    ['김정은, 중국인민지원군 열사묘 참배', 'hangul'],
    ['金正恩参谒中国人民志愿军烈士陵园', 'han'],
    ['한중 FTA 서비스 협상 재개', 'hangul'],
  ])('writingOf(%s) = %s', (text, expected) => {
    expect(writingOf(text)).toBe(expected);
  });
});

describe('cross-language pairs', () => {
  it('reaches precision 1.0 and recall ≥ 0.8 on the labeled cross-language pairs (5 of 6)', () => {
    let tp = 0, fp = 0, fn = 0;
    for (const [a, b, same] of CROSS_PAIRS) {
      const linked = crossStrongEnough(crossEvidence(ent(a), ent(b)));
      if (linked && same) tp++;
      else if (linked) fp++;
      else if (same) fn++;
    }
    expect({ tp, fp, fn }).toEqual({ tp: 5, fp: 0, fn: 1 });
  });

  it.each(CROSS_PAIRS.filter(([, , same]) => !same).map(([a, b, , why]) => [a, b, why]))('never links %s and %s (%s)', (a, b) => {
    expect(crossStrongEnough(crossEvidence(ent(a), ent(b)))).toBe(false);
  });

  it('links only when one candidate stands out', () => {
    const cand = (key: string, writing: 'latin' | 'hangul' | 'han') => ({ item: key, entities: ent(key), writing, publishedMs: Date.parse(byKey(key).published) });
    const b8 = { entities: ent('B8'), writing: 'hangul' as const, publishedMs: Date.parse(byKey('B8').published) };
    const a7 = { entities: ent('A7'), writing: 'hangul' as const, publishedMs: Date.parse(byKey('A7').published) };
    expect(crossMatch(b8, [cand('B1', 'latin'), cand('B3', 'latin'), cand('B2', 'latin')])).toBe('B1');
    // KCNA's and Yonhap's English reports are equally close to the Korean one: a guess, so no link
    expect(crossMatch(a7, [cand('A1', 'latin'), cand('A2', 'latin')])).toBeUndefined();
    expect(crossMatch(a7, [cand('A2', 'latin')])).toBe('A2');
  });

  it('never links stories in the same writing system or more than a day apart', () => {
    const b8 = { entities: ent('B8'), writing: 'hangul' as const, publishedMs: Date.parse(byKey('B8').published) };
    expect(crossMatch(b8, [{ item: 'B1', entities: ent('B1'), writing: 'hangul', publishedMs: b8.publishedMs }])).toBeUndefined();
    expect(crossMatch(b8, [{ item: 'B1', entities: ent('B1'), writing: 'latin', publishedMs: b8.publishedMs + 25 * 3_600_000 }])).toBeUndefined();
  });

  it('joins a Korean report to its English counterpart in planClusters, and keeps another story of the same summit apart', () => {
    const s = (key: string) => storedFromFixture(byKey(key), { canonicalUrl, storyId });
    const reps = planClusters([s('B1'), s('B3')], []).map((p) => p.story);
    const plans = planClusters([s('B8'), s('B9')], reps);
    expect(plans.find((p) => p.story.id === s('B8').id)?.story.clusterId).toBe(s('B1').id);
    expect(plans.find((p) => p.story.id === s('B9').id)?.story.clusterId).toBe(s('B9').id);
  });
});
