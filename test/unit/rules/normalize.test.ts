import { describe, expect, it } from 'vitest';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import { buildTradToSimp, FIRST_TRADITIONAL, normalizeText } from '../../../src/core/rules/normalize';

describe('normalizeText', () => {
  it.each([
    ['NFKC: full-width Latin and digits', 'ＫＯＲＥＡ　２０２５', 'korea 2025'],
    ['NFKC: half-width katakana', 'ｷﾑ', 'キム'],
    ['case folding', 'North KOREA', 'north korea'],
    ['Traditional → Simplified', '朝鮮與韓國關係', '朝鲜与韩国关系'],
    ['Taiwan variant → Simplified', '為', '为'],
    ['hyphen = space', 'Kim Jong-un', 'kim jong un'],
    ['dashes and runs of spaces collapse', 'Seoul — Beijing\t\n talks', 'seoul beijing talks'],
    ['interpuncts join abbreviations', '한·중 美·中 北・中', '한중 美中 北中'],
    ['interpuncts join a chain of abbreviations', '북·중·러 한·미·일·중 韓·中·日', '북중러 한미일중 韩中日'],
    ['an abbreviation joins the word after it', '한·중관계', '한중관계'],
    ['interpuncts separate names and longer words', '김정은·시진핑·트럼프 대만·中 習近平·金正恩', '김정은 시진핑 트럼프 대만 中 习近平 金正恩'],
    ['an interpunct elsewhere is a space', '(·)', '( )'],
    ['typographic apostrophe', 'China’s', "china's"],
    ['leading and trailing separators dropped', '  - hello -  ', 'hello'],
  ])('%s', (_name, input, expected) => {
    // Act
    const out = normalizeText(input);
    // Assess
    expect(out).toBe(expected);
  });
});

describe('Traditional → Simplified tables', () => {
  /** The tables as first read here: split into entries and sides, single code units kept, regional variants after. */
  function reference(): Map<number, number> {
    const map = new Map<number, number>();
    const pairs = (dict: string): [string, string][] => dict.split('|').map((entry) => {
      const [from = '', to = ''] = entry.split(' ');
      return [from, to];
    });
    for (const [from, to] of pairs(TSCharacters)) if (from.length === 1 && to.length === 1) map.set(from.charCodeAt(0), to.charCodeAt(0));
    for (const [from, to] of [...pairs(TWVariantsRev), ...pairs(HKVariantsRev)]) {
      if (from.length !== 1 || to.length !== 1) continue;
      const std = to.charCodeAt(0);
      if (!map.has(from.charCodeAt(0))) map.set(from.charCodeAt(0), map.get(std) ?? std);
    }
    return map;
  }

  it('hold every single-unit entry of OpenCC\'s tables, and nothing else', () => {
    // Act
    const table = buildTradToSimp();
    const mapped = new Map([...table.entries()].filter(([, to]) => to !== 0));
    // Assess
    expect(mapped).toEqual(reference());
    expect(mapped.size).toBeGreaterThan(2_000);
  });

  it('map nothing below FIRST_TRADITIONAL (text without Han characters never needs them)', () => {
    expect(Math.min(...reference().keys())).toBeGreaterThanOrEqual(FIRST_TRADITIONAL);
  });
});
