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

/** Every occurrence, by brute force, in the automaton's order: by end, then longest first (then pattern order). */
function naive(patterns: string[], text: string): string[] {
  const out: string[] = [];
  for (let end = 1; end <= text.length; end++) {
    const here = patterns.map((p, i) => [p, i] as const).filter(([p]) => p.length <= end && text.slice(end - p.length, end) === p);
    here.sort((a, b) => b[0].length - a[0].length || a[1] - b[1]);
    for (const [p] of here) out.push(`${p}@${end - p.length}`);
  }
  return out;
}

/** A seeded generator of integers in [0, n) (mulberry32). */
function seeded(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

describe('Aho-Corasick against brute force', () => {
  it('finds the same occurrences in the same order on 300 random pattern sets and texts', () => {
    // Prepare: a seeded generator over a small alphabet (many overlaps, long failure chains), one unit no pattern has
    const rand = seeded(16);
    const word = (alphabet: string, max: number): string => Array.from({ length: 1 + rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const alphabet = round % 2 ? 'ab' : 'abc한中';
      const patterns = Array.from({ length: 1 + rand(12) }, () => word(alphabet, 6));
      const text = word(`${alphabet}x`, 60);
      // Act, Assess (one automaton per text: each scan fills the tables afresh)
      expect(find(patterns, text)).toEqual(naive(patterns, text));
    }
  });

  it('finds the same occurrences with thousands of patterns over a large alphabet (tables grown many times)', () => {
    // Prepare
    const rand = seeded(7);
    const alphabet = 'abcdefghij한국중北朝鲜';
    const word = (max: number): string => Array.from({ length: 1 + rand(max) }, () => alphabet[rand(alphabet.length)]).join('');
    const patterns = [...new Set(Array.from({ length: 3000 }, () => word(5)))];
    for (let round = 0; round < 5; round++) {
      const text = Array.from({ length: 2000 }, () => alphabet[rand(alphabet.length)]).join('');
      // Act, Assess
      expect(find(patterns, text)).toEqual(naive(patterns, text));
    }
  });

  it('gives the same answers when one automaton scans many texts (tables filled by earlier scans)', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'e', 'sh', 'ushe'];
    const ac = new AhoCorasick(patterns);
    for (const text of ['ushers', 'hishe', 'sheshe', 'xhersx', 'ushers', 'e', '']) {
      const buf = Uint16Array.from(text, (c) => c.charCodeAt(0));
      const out: string[] = [];
      ac.scan(buf, buf.length, (p, end) => out.push(`${patterns[p]}@${end - patterns[p]!.length}`));
      expect(out).toEqual(naive(patterns, text));
    }
  });
});
