/**
 * The automaton's trie as data (what the compiled rules' snapshot carries, matcher.ts AutomatonData): read back
 * through JSON, it finds what the automaton built from the patterns finds; data of another version is not read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRulesProgram } from '../../../src/core/rules';
import { AhoCorasick, type AutomatonData } from '../../../src/core/rules/matcher';

const RULES = join(import.meta.dirname, '../../../config/rules.yml');

function occurrences(ac: AhoCorasick, patterns: readonly string[], text: string): string[] {
  const buf = Uint16Array.from(text, (c) => c.charCodeAt(0));
  const out: string[] = [];
  ac.scan(buf, buf.length, (p, end) => out.push(`${patterns[p]}@${end - patterns[p]!.length}`));
  return out;
}

describe('automaton data', () => {
  it('read back, finds every occurrence the built automaton finds (the shipped rules, mixed scripts)', () => {
    const { patterns, automaton } = compileRulesProgram(readFileSync(RULES, 'utf8'), RULES);
    expect(automaton).toBeDefined();
    const revived = JSON.parse(JSON.stringify(automaton)) as AutomatonData;
    // Each text through a fresh pair: the DFA rows are filled as scans reach them.
    const texts = [
      ...patterns.slice(0, 400),
      patterns.join(' '),
      'china and south korea hold talks on the north korea nuclear issue in beijing and seoul',
      '한중 정상회담 북한 비핵화 시진핑 이재명 경주',
      '中韩外长会谈 朝鲜半岛 习近平 北京 首尔 中国人民志愿军',
    ];
    for (const text of texts) {
      const built = new AhoCorasick(patterns);
      const read = new AhoCorasick(patterns, revived);
      expect(occurrences(read, patterns, text)).toEqual(occurrences(built, patterns, text));
    }
    expect(occurrences(new AhoCorasick(patterns, revived), patterns, patterns.join(' ')).length).toBeGreaterThan(patterns.length - 1);
  });

  it('small pattern sets too, and data of another version is ignored (the trie is built)', () => {
    const patterns = ['he', 'she', 'his', 'hers', '중국', '북중'];
    const data = new AhoCorasick(patterns).toData();
    const expected = ['she@1', 'he@2', 'hers@2', '북중@7', '중국@8'];
    expect(occurrences(new AhoCorasick(patterns, data), patterns, 'ushers 북중국')).toEqual(expected);
    expect(occurrences(new AhoCorasick(patterns, { ...data, v: 99, parent: '' }), patterns, 'ushers 북중국')).toEqual(expected);
  });
});
