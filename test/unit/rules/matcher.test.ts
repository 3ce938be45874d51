import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../../../src/core/rules/matcher';

function find(patterns: string[], text: string): string[] {
  const ac = new AhoCorasick(patterns);
  const buf = Uint16Array.from(text, (c) => c.charCodeAt(0));
  const out: string[] = [];
  ac.scan(buf, buf.length, (p, end) => out.push(`${patterns[p]}@${end - patterns[p]!.length}`));
  return out;
}

describe('Aho-Corasick', () => {
  it.each([
    ['overlapping and nested patterns', ['he', 'she', 'his', 'hers'], 'ushers', ['she@1', 'he@2', 'hers@2']],
    ['repeated pattern', ['aa'], 'aaaa', ['aa@0', 'aa@1', 'aa@2']],
    ['Hangul and Han', ['중국', '북중', '中国', '国'], '북중국 中国', ['북중@0', '중국@1', '中国@4', '国@5']],
    ['no match', ['korea'], 'japan', []],
    ['failure link to a shorter pattern', ['abcd', 'bc'], 'abcx', ['bc@1']],
  ])('%s', (_name, patterns, text, expected) => {
    // Act
    const found = find(patterns, text);
    // Assess
    expect(found).toEqual(expected);
  });
});
