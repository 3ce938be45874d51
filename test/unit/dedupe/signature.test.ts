import { describe, expect, it } from 'vitest';
import { containmentEstimate, decodeMinHash, encodeMinHash, jaccardEstimate, minHash } from '../../../src/core/dedupe/signature';
import { shingleHashes, stripDateline, textUnits } from '../../../src/core/dedupe/text';
import { bodyText, compare, fingerprint, signatureOf } from '../../../src/core/dedupe/similarity';
import { storedStory } from '../../helpers/stories';

const set = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => (i + from) * 2654435761);

describe('text units', () => {
  it.each([
    ['English words', "North Korea's Kim Jong-un", ['north', 'korea', 'kim', 'jong', 'un']],
    ['Yonhap headline abbreviations', 'N. Korea and S. Korean', ['north', 'korea', 'and', 'south', 'korean']],
    ['Hangul syllables, spacing ignored', '한중 정상', ['한', '중', '정', '상']],
    ['Han characters, Traditional folded', '中韓會談', ['中', '韩', '会', '谈']],
    ['mixed scripts', '한중 FTA 협상', ['한', '중', 'fta', '협', '상']],
  ])('%s', (_case, text, units) => {
    expect(textUnits(text).map((u) => u.text)).toEqual(units);
  });

  it('makes three-unit shingles, one for a shorter text, none for an empty one', () => {
    expect(shingleHashes(textUnits('a b c d e')).size).toBe(3);
    expect(shingleHashes(textUnits('a b')).size).toBe(1);
    expect(shingleHashes(textUnits('')).size).toBe(0);
  });

  it.each([
    ['SEOUL, Nov. 27 (Yonhap) -- North Korea fired', 'North Korea fired'],
    ['BEIJING, Nov 26 (Reuters) - Chinese leader', 'Chinese leader'],
    ['Seoul, Nov 27 (IANS) North Korean leader', 'North Korean leader'],
    ['(서울=연합뉴스) 김철수 기자 = 김정은 북한', '김정은 북한'],
    ['新华社北京11月25日电 外交部长王毅', '外交部长王毅'],
    ['No dateline (Yonhap) here, in the middle', 'No dateline (Yonhap) here, in the middle'],
  ])('strips the dateline of %s', (text, expected) => {
    expect(stripDateline(text)).toBe(expected);
  });

  it('uses the content when the summary is short', () => {
    expect(bodyText({ summary: 'Short.', content: '<p>Full <b>text</b> &amp; more</p>' })).toMatch(/Full\s+text\s+& more/);
    expect(bodyText({ summary: 'x'.repeat(300), content: '<p>ignored</p>' })).not.toMatch(/ignored/);
  });
});

describe('MinHash', () => {
  it.each([
    ['identical sets', set(0, 100), set(0, 100), 1, 1],
    ['disjoint sets', set(0, 100), set(100, 200), 0, 0],
    ['half overlap', set(0, 100), set(50, 150), 1 / 3, 0.5],
    ['a lede inside a longer article', set(0, 40), set(0, 200), 0.2, 1],
  ])('estimates Jaccard and containment of %s', (_case, a, b, jaccard, containment) => {
    const ma = minHash(a);
    const mb = minHash(b);
    expect(Math.abs(jaccardEstimate(ma, mb) - jaccard)).toBeLessThan(0.12);
    expect(Math.abs(containmentEstimate(ma, mb) - containment)).toBeLessThan(0.15);
  });

  it('round-trips through its string form and rejects other versions', () => {
    const m = minHash(set(0, 50));
    const s = encodeMinHash(m);
    expect(s).toMatch(/^m1:50:[A-Za-z0-9_-]+$/);
    expect(decodeMinHash(s)).toEqual(m);
    expect(decodeMinHash(s.replace('m1:', 'm0:'))).toBeUndefined();
    expect(decodeMinHash('m1:50:AAAA')).toBeUndefined();
    expect(decodeMinHash(undefined)).toBeUndefined();
  });

  it('scores nothing for an empty set', () => {
    expect(jaccardEstimate(minHash([]), minHash([]))).toBe(0);
  });
});

describe('fingerprint and compare', () => {
  const lede = 'North Korean leader Kim Jong-un visited a cemetery of Chinese soldiers killed in the 1950-53 Korean War to mark the anniversary of their entry into the conflict, state media reported Friday.';

  it('uses a stored signature instead of the text when there is one', () => {
    const other = storedStory({ id: 'x', summary: 'Completely different words about ferry fares in Incheon and Dalian next month.' });
    const withSig = storedStory({ id: 'a', summary: 'ignored', signature: signatureOf({ summary: other.summary }) });
    expect(fingerprint(withSig).body).toEqual(fingerprint(other).body);
  });

  it.each([
    ['a copy with a dateline and a tag', { title: '(LEAD) Kim visits cemetery', summary: `SEOUL, Nov. 27 (Yonhap) -- ${lede}` }, { title: 'Kim visits cemetery', summary: `Seoul, Nov 27 (IANS) ${lede}` }, 0, true, 'body'],
    ['the same text four days apart', { title: 'Kim visits cemetery', summary: lede }, { title: 'Kim visits cemetery', summary: lede }, 96, false, 'too-far-apart'],
    ['title-only items with one headline', { title: 'China, S. Korea to resume ferry', summary: '' }, { title: 'UPDATE 1-China, South Korea to resume ferry', summary: '' }, 2, true, 'title'],
    ['title-only items two days apart', { title: 'China, S. Korea to resume ferry', summary: '' }, { title: 'China, S. Korea to resume ferry', summary: '' }, 48, false, 'different'],
    ['short titles only', { title: 'Kim speaks', summary: '' }, { title: 'Kim speaks', summary: '' }, 1, false, 'different'],
  ])('%s', (_case, a, b, hours, duplicate, reason) => {
    const sa = storedStory({ id: 'a', ...a, published: '2026-11-27T00:00:00.000Z' });
    const sb = storedStory({ id: 'b', ...b, published: new Date(Date.parse('2026-11-27T00:00:00Z') + hours * 3_600_000).toISOString() });
    const c = compare(fingerprint(sa), fingerprint(sb));
    expect(c.duplicate).toBe(duplicate);
    expect(c.reason).toBe(reason);
  });
});
