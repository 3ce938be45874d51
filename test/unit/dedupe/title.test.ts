import { describe, expect, it } from 'vitest';
import { normalizeTitle, stripWireTags } from '../../../src/core/dedupe/title';

describe('stripWireTags', () => {
  it.each([
    ['(LEAD) N. Korea fires missile', 'N. Korea fires missile'],
    ['(2nd LD) N. Korea fires missile', 'N. Korea fires missile'],
    ['(3rd LD) N. Korea fires missile', 'N. Korea fires missile'],
    ['(11th LD) N. Korea fires missile', 'N. Korea fires missile'],
    ['(URGENT) N. Korea fires missile', 'N. Korea fires missile'],
    ['(2nd LD) (URGENT) N. Korea fires missile', 'N. Korea fires missile'],
    ['(News Focus) Summit signals thaw', 'Summit signals thaw'],
    ['(Yonhap Interview) Envoy on ties', 'Envoy on ties'],
    ['UPDATE 1-China, S.Korea agree', 'China, S.Korea agree'],
    ['UPDATE 12-China, S.Korea agree', 'China, S.Korea agree'],
    ['EXCLUSIVE-China probes Korean firms', 'China probes Korean firms'],
    ['REFILE-UPDATE 2-China, S.Korea agree', 'China, S.Korea agree'],
    ['BREAKING: China, S.Korea agree', 'China, S.Korea agree'],
    ['Breaking News: China, S.Korea agree', 'China, S.Korea agree'],
    ['[속보] 김정은, 열사묘 참배', '김정은, 열사묘 참배'],
    ['[1보] 김정은, 열사묘 참배', '김정은, 열사묘 참배'],
    ['[단독] 中, 韓 기업 조사', '中, 韓 기업 조사'],
    ['김정은, 열사묘 참배(종합)', '김정은, 열사묘 참배'],
    ['김정은, 열사묘 참배(종합2보)', '김정은, 열사묘 참배'],
    ['김정은, 열사묘 참배 (2보)', '김정은, 열사묘 참배'],
    ['<속보> 김정은, 열사묘 참배', '김정은, 열사묘 참배'],
    ['【快讯】中韩外长举行会谈', '中韩外长举行会谈'],
    ['突发：中韩外长举行会谈', '中韩外长举行会谈'],
    ['China, S. Korea agree to talks - Reuters', 'China, S. Korea agree to talks'],
    ['China, S. Korea agree to talks | Yonhap News Agency', 'China, S. Korea agree to talks'],
    // kept: not a known tag, or part of the words
    ['(Photo) Kim at the cemetery', '(Photo) Kim at the cemetery'],
    ['[Editorial] A thaw worth keeping', '[Editorial] A thaw worth keeping'],
    ['Live-streamed K-pop show banned in China', 'Live-streamed K-pop show banned in China'],
    ['Update on talks expected Friday', 'Update on talks expected Friday'],
    ['Kim - Xi talks', 'Kim - Xi talks'],
    ['(LEAD)', '(LEAD)'],
  ])('%s → %s', (input, expected) => {
    expect(stripWireTags(input)).toBe(expected);
  });

  it("strips the story's own source name as a suffix", () => {
    expect(stripWireTags('Kim visits cemetery - NK Daily Digest', 'NK Daily Digest')).toBe('Kim visits cemetery');
  });

  it('strips the outlet an aggregator names (Google News: " - The Chosun Daily"), so its copy meets the outlet’s own', () => {
    const viaGoogle = normalizeTitle('Kim visits Chinese war cemetery - The Chosun Daily', 'Google News — Korea–China relations (EN)', 'The Chosun Daily');
    expect(viaGoogle).toBe(normalizeTitle('Kim visits Chinese war cemetery', 'The Chosun Daily'));
    expect(stripWireTags('Kim visits Chinese war cemetery - The Chosun Daily', 'Google News')).toBe('Kim visits Chinese war cemetery - The Chosun Daily');
  });
});

describe('normalizeTitle', () => {
  it.each([
    ['(LEAD) N. Korea\'s Kim visits Chinese war cemetery', 'north korea kim visits chinese war cemetery'],
    ['North Korea’s Kim Visits Chinese War Cemetery', 'north korea kim visits chinese war cemetery'],
    ['UPDATE 1-S. Korea, China agree', 'south korea china agree'],
    ['Ｋｉｍ　Ｊｏｎｇ－ｕｎ visits', 'kim jong un visits'],
    ['[속보] 한중 정상회담 개최', '한중정상회담개최'],
    ['한중정상회담 개최(종합)', '한중정상회담개최'],
    ['【快訊】中韓外長舉行會談', '中韩外长举行会谈'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeTitle(input)).toBe(expected);
  });
});
