/**
 * Where a term matches: one table row per normalization and boundary rule, each with a text that must match and
 * texts that must not. The rule file under test is a single group holding the term.
 */
import { describe, expect, it } from 'vitest';
import { compileRules } from '../../../src/core/rules/index';

function matches(term: string, text: string, ignore: string[] = []): boolean {
  const yaml = [
    'groups:',
    `  T: [${JSON.stringify(term)}]`,
    ...(ignore.length ? [`ignore: [${ignore.map((i) => JSON.stringify(i)).join(', ')}]`] : []),
    'rules:',
    '  - name: t',
    '    when: T',
  ].join('\n');
  return compileRules(yaml, 'test.yml').classify({ title: text, summary: '' }).kept;
}

describe('term matching', () => {
  it.each([
    // term, text, expected, why
    ['China', "China's envoy", true, 'possessive'],
    ['China', 'CHINA', true, 'case folding'],
    ['Korean', 'Koreans protest', true, 'plural'],
    ['China', 'Indochina', false, 'word boundary before'],
    ['China', 'Chi\u00ADna and Korea', true, 'a soft hyphen inside the word is removed'],
    ['China', 'Chi\u200Bna', true, 'a zero-width space inside the word is removed'],
    ['한중', '한\u200D중 관계', true, 'a zero-width joiner inside a Hangul word is removed'],
    ['中国', '中\u2060国', true, 'a word joiner between Han characters is removed'],
    ['North Korea', 'North\uFEFF Korea', true, 'a stray BOM is removed'],
    ['Chi\u200Bna', 'China', true, 'invisible characters in the term are removed too'],
    ['China', 'Chinatown', false, 'word boundary after'],
    ['Korea*', 'Korean-born', true, 'prefix wildcard'],
    ['Korea*', 'Koreatown', true, 'prefix wildcard continues the word'],
    ['Korea', 'Koreatown', false, 'no wildcard, no continuation'],
    ['Kim Jong-un', 'Kim Jong Un arrives', true, 'hyphen = space'],
    ['Kim Jong Un', 'kim jong-un arrives', true, 'space = hyphen'],
    ['ＲＯＫ', 'ROK navy', true, 'full-width term'],
    ['ROK', 'ＲＯＫ navy', true, 'full-width text'],
    ['=ROK', 'ROKs navy', false, 'standalone: no plural'],
    ['중국', '중국과 한국', true, 'Korean particle 과'],
    ['중국', '중국은 밝혔다', true, 'Korean particle 은'],
    ['중국', '대중국 수출', false, 'Hangul term must start a word'],
    ['*중국', '대중국 수출', true, 'leading * allows a match inside a word'],
    ['북중', '북중 관계', true, 'Hangul compound'],
    ['=북중', '북중관계', false, 'standalone Hangul: nothing may follow'],
    ['朝鲜', '朝鮮中央通信', true, 'Traditional text, Simplified term'],
    ['韓國', '韩国总统', true, 'Traditional term, Simplified text'],
    ['中韩', '中·韓', true, 'interpunct removed'],
    ['=中', '中, 美에 경고', true, 'standalone Han abbreviation'],
    ['=中', '中대사 발언', true, 'standalone Han followed by Hangul'],
    ['=中', '中企 수출', false, 'standalone Han: not followed by Han'],
    ['=中', '합격자 1200명中 800명', false, 'standalone Han: not glued to a preceding word'],
    ['韩国', '访问韩国的', true, 'Han anywhere'],
  ])('%s in %j → %s (%s)', (term, text, expected) => {
    // Act
    const kept = matches(term, text);
    // Assess
    expect(kept).toBe(expected);
  });

  it.each([
    ['북중', '2026 북중미 월드컵 본선', '북중미', 'North & Central America'],
    ['中', '中企 수출 사상 최대', '中企', 'small firms'],
    ['朝中', '据朝中社报道', '朝中社', 'KCNA'],
    ['China', 'ships in the South China Sea', 'South China Sea', 'a place'],
  ])('trap: %s in %j is not evidence when %j is ignored (%s)', (term, text, trap) => {
    // Prepare
    const without = matches(term, text);
    // Act
    const withIgnore = matches(term, text, [trap]);
    // Assess
    expect(without).toBe(true);
    expect(withIgnore).toBe(false);
  });

  it('keeps a term outside the ignored phrase in the same text', () => {
    // Act
    const kept = matches('China', 'China sends ships to the South China Sea', ['South China Sea']);
    // Assess
    expect(kept).toBe(true);
  });

  it('matches the whole ignored phrase when it is itself a term', () => {
    // Act
    const kept = matches('South China Sea', 'the South China Sea', ['South China Sea']);
    // Assess
    expect(kept).toBe(true);
  });
});
