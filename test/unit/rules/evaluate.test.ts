import { describe, expect, it } from 'vitest';
import { compileRules, evaluate, formatEvalReport, type LabeledItem } from '../../../src/core/rules/index';

const rules = compileRules('groups:\n  K: [Korea, 한국, 韩国]\n  C: [China, 중국, 中国]\nrules:\n  - name: pair\n    when: K AND C\n', 'test.yml');

const items: LabeledItem[] = [
  { id: 'a', title: 'Korea and China talk', summary: '', lang: 'en', relevant: true, why: 'talks' },
  { id: 'b', title: 'Korea and China play football', summary: '', lang: 'en', relevant: false, why: 'sports' },
  { id: 'c', title: '한국', summary: '', lang: 'ko', relevant: true, why: 'missed on purpose' },
  { id: 'd', title: '韩国 中国', summary: '', lang: 'zh-Hant', relevant: true, why: 'bilateral' },
  { id: 'e', title: '中国', summary: '', lang: 'zh', relevant: false, why: 'China only' },
];

describe('evaluate', () => {
  it('computes precision, recall and F1 overall and per language', () => {
    // Act
    const report = evaluate(items, rules);
    // Assess
    expect(report).toMatchObject({ precision: 0.6667, recall: 0.6667, f1: 0.6667, truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(report.byLanguage.en).toMatchObject({ total: 2, precision: 0.5, recall: 1 });
    expect(report.byLanguage.ko).toMatchObject({ total: 1, precision: null, recall: 0, f1: null });
    expect(report.byLanguage.zh).toMatchObject({ total: 2, precision: 1, recall: 1, f1: 1 });
  });

  it('lists misses and false alarms with both explanations', () => {
    // Act
    const report = evaluate(items, rules);
    // Assess
    expect(report.misses).toEqual([{ id: 'c', lang: 'ko', title: '한국', why: 'missed on purpose', reason: 'dropped: no rule matched' }]);
    expect(report.falseAlarms.map((e) => e.id)).toEqual(['b']);
    expect(report.falseAlarms[0]!.reason).toMatch(/^kept: score 1 ≥ 1 — pair/);
  });

  it('reports every item with expected, kept and matches (the --json contract)', () => {
    // Act
    const json = JSON.parse(JSON.stringify(evaluate(items, rules))) as { items: Record<string, unknown>[] };
    // Assess
    expect(json.items).toHaveLength(5);
    expect(json.items[0]).toMatchObject({ id: 'a', expected: true, kept: true });
    expect(json.items[0]!.matches).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'pair', text: 'korea' })]));
  });

  it('formats a readable report', () => {
    // Act
    const text = formatEvalReport(evaluate(items, rules));
    // Assess
    expect(text).toContain('overall     5 items    3 relevant   precision 0.667  recall 0.667  F1 0.667');
    expect(text).toContain('misses — relevant but dropped (1):\n  c [ko] 한국\n      label: missed on purpose\n      rules: dropped: no rule matched');
    expect(text).toContain('false alarms — kept but not relevant (1):');
  });
});
