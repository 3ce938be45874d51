import { describe, expect, it } from 'vitest';
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
  it('map nothing below FIRST_TRADITIONAL (text without Han characters never needs them)', () => {
    // Act
    const keys = [...buildTradToSimp().keys()];
    // Assess
    expect(keys.length).toBeGreaterThan(2_000);
    expect(Math.min(...keys)).toBeGreaterThanOrEqual(FIRST_TRADITIONAL);
  });
});
