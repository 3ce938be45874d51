/**
 * `rules tune`: weights fitted to labels by logistic regression over rule firings, figures that come from
 * folds the weights never saw, and a rewrite of the rule file that touches only weights and threshold.
 * The labeled items are generated here from a known rule of relevance, so the right answer is known.
 */
import { describe, expect, it } from 'vitest';
import { compareRules, compileRules, formatCompareReport, formatTuneReport, rewriteWeights, tuneRules, type LabeledItem } from '../../../src/core/rules/index';

const FILE = `# A small rule file, with comments the rewrite must keep.
threshold: 3
groups:
  KOREA: [Korea]
  CHINA: [China]
  TALKS: [talks]
  SPORT: [football]
  NOISE: [weather]
rules:
  # Both sides named.
  - name: pair
    when: KOREA AND CHINA
    weight: 1        # the author's guess
  - name: talks
    when: TALKS
  - name: sport
    when: SPORT
    weight: -1
  - name: noise
    when: NOISE
    weight: 1
  - name: banned
    when: '"spam"'
    drop: true
`;

/**
 * Relevant exactly when both sides and talks appear and there is no football; "weather" is noise that
 * fires on relevant and irrelevant items alike; "spam" items are labeled irrelevant.
 */
function items(): LabeledItem[] {
  const out: LabeledItem[] = [];
  let n = 0;
  for (const pair of [true, false]) {
    for (const talks of [true, false]) {
      for (const sport of [true, false]) {
        for (const noise of [true, false]) {
          for (let copy = 0; copy < 6; copy++) {
            const words = [pair ? 'Korea and China' : 'Japan', talks ? 'hold talks' : 'meet', sport ? 'on football' : '', noise ? 'despite weather' : ''];
            out.push({ id: `i${n++}`, title: words.join(' '), summary: '', lang: copy % 2 ? 'en' : 'xx', relevant: pair && talks && !sport });
          }
        }
      }
    }
  }
  out.push({ id: 'spam', title: 'Korea and China hold talks spam', summary: '', lang: 'en', relevant: false });
  return out;
}

describe('rules tune', () => {
  const rules = compileRules(FILE, 'test.yml');
  const report = tuneRules(rules, items(), { folds: 4 });
  const weight = (name: string): number => report.fitted.weights[rules.rules.findIndex((r) => r.name === name)]!;

  it('fits weights under which the known rule of relevance is recovered, on folds it did not fit', () => {
    expect(report.crossValidated.overall.f1).toBe(1);
    expect(report.crossValidated.byLanguage.en!.f1).toBe(1);
    expect(report.current.overall.f1).toBeLessThan(1); // the author's weights keep "talks" alone
  });

  it('needs both signs: no weight reaches the threshold alone, two together do', () => {
    expect(report.fitted.threshold).toBe(3);
    expect(weight('pair')).toBeLessThan(3);
    expect(weight('talks')).toBeLessThan(3);
    expect(weight('pair') + weight('talks') + Math.min(0, weight('noise'))).toBeGreaterThanOrEqual(3);
    expect(weight('pair') + weight('talks') + weight('sport')).toBeLessThan(3);
  });

  it('keeps every weight on the side of zero its author wrote, and gives noise next to nothing', () => {
    expect(weight('sport')).toBeLessThan(0);
    expect(weight('noise')).toBeGreaterThan(0);
    expect(weight('noise')).toBeLessThan(0.5);
  });

  it('leaves drop rules alone and counts what each rule fired on', () => {
    expect(report.rules.find((r) => r.name === 'banned')).toMatchObject({ drop: true });
    expect(report.rules.find((r) => r.name === 'pair')).toMatchObject({ fires: 49, firesRelevant: 12 }) // 48 generated with the pair, and the spam item;
  });

  it('assigns folds by item id, so a run is reproducible', () => {
    const again = tuneRules(compileRules(FILE, 'test.yml'), items(), { folds: 4 });
    expect(again).toEqual(report);
  });
});

describe('rules tune --repeats', () => {
  // Half the items of one pattern (the pair without talks) labeled relevant: whether that pattern is kept
  // depends on which of its items a fold trains on, so the figures move with the fold split.
  const noisy = (): LabeledItem[] =>
    items().map((item, i) => (/^Korea and China meet(?! on football)/.test(item.title!) && i % 2 === 0 ? { ...item, relevant: true } : item));
  const rules = compileRules(FILE, 'test.yml');
  const once = tuneRules(rules, noisy(), { folds: 4 });
  const repeated = tuneRules(rules, noisy(), { folds: 4, repeats: 3 });

  it('pools the decisions of every fold split: the first is the single run, the others those of seeds s1, s2', () => {
    const split = (seed: string) => tuneRules(rules, noisy(), { folds: 4, seed }).crossValidated.overall;
    const splits = [once.crossValidated.overall, split('s1'), split('s2')];
    expect(new Set(splits.map((x) => x.f1)).size).toBeGreaterThan(1); // the splits differ, so pooling is seen
    const sum = (key: 'truePositives' | 'falsePositives' | 'falseNegatives' | 'total') => splits.reduce((n, x) => n + x[key], 0);
    expect(repeated.crossValidated.overall).toMatchObject({
      total: sum('total'),
      truePositives: sum('truePositives'),
      falsePositives: sum('falsePositives'),
      falseNegatives: sum('falseNegatives'),
    });
    expect(repeated.repeats).toBe(3);
    expect(repeated.splitF1).toEqual(splits.map((x) => x.f1));
  });

  it('names a seed other than the default in the report, so a run can be repeated on the same splits', () => {
    const seeded = tuneRules(rules, noisy(), { folds: 4, seed: 's1' });
    expect(seeded.seed).toBe('s1');
    expect(seeded.crossValidated.overall).toEqual(tuneRules(rules, noisy(), { folds: 4, seed: 's1' }).crossValidated.overall);
    expect(formatTuneReport(seeded)).toContain('4-fold cross-validation (folds by item id), seed "s1", L2');
    expect(once.seed).toBe('');
    expect(formatTuneReport(once)).not.toContain('seed');
  });

  it('fits the same weights as one split, and reports each split\'s F1 and the items of one split', () => {
    expect(repeated.fitted).toEqual(once.fitted);
    const text = formatTuneReport(repeated);
    const f1s = repeated.splitF1 as number[];
    expect(text).toContain(`repeated over 3 fold splits and pooled (overall F1 of each split ${Math.min(...f1s).toFixed(3)}–${Math.max(...f1s).toFixed(3)})`);
    expect(text).toContain(`(${noisy().length} items, ${noisy().filter((i) => i.relevant).length} relevant)`);
  });
});

describe('rules tune --against: two files on the same splits', () => {
  // Without its sign against football, the file keeps football items that have the pair and talks.
  const noSport = FILE.replace("  - name: sport\n    when: SPORT\n    weight: -1\n", '');
  const base = compileRules(FILE, 'test.yml');
  const other = compileRules(noSport, 'other.yml');
  const options = { folds: 4, repeats: 2 };
  const compared = compareRules(base, other, items(), options);
  const right = (x: { total: number; truePositives: number; falsePositives: number; falseNegatives: number }): number =>
    x.total - x.falsePositives - x.falseNegatives;

  it('gives each file the figures tune gives it, and counts the decisions that changed, per language', () => {
    expect(compared.base).toEqual(tuneRules(base, items(), options).crossValidated);
    expect(compared.other).toEqual(tuneRules(other, items(), options).crossValidated);
    const { nowRight, nowWrong } = compared.changed.overall;
    expect(nowWrong).toBeGreaterThan(0);
    expect(nowRight - nowWrong).toBe(right(compared.other.overall) - right(compared.base.overall));
    for (const [lang, x] of Object.entries(compared.changed.byLanguage)) {
      expect(x.nowRight - x.nowWrong).toBe(right(compared.other.byLanguage[lang]!) - right(compared.base.byLanguage[lang]!));
    }
  });

  it('names the items the change moves in every split, and finds nothing between a file and itself', () => {
    // The football items with the pair and talks: relevant by none of the labels, kept without the sign against.
    const football = items().filter((i) => /Korea and China hold talks on football/.test(i.title!)).map((i) => String(i.id));
    expect(compared.always.nowWrong.sort()).toEqual(football.sort());
    expect(compared.always.nowRight).toEqual([]);
    const same = compareRules(base, compileRules(FILE, 'copy.yml'), items(), options);
    expect(same.changed.overall).toEqual({ nowRight: 0, nowWrong: 0 });
    expect(same.base).toEqual(same.other);
  });

  it('prints both files side by side and the change', () => {
    const text = formatCompareReport(compared, { base: 'test.yml', other: 'other.yml' });
    expect(text).toMatch(/^\d+ labeled items, 4-fold cross-validation \(folds by item id\) over 2 fold splits/);
    expect(text).toContain(`decisions changed (an item counted once per split): ${compared.changed.overall.nowRight} now right, ${compared.changed.overall.nowWrong} now wrong`);
    expect(text).toContain(`changed in every split: 0 now right, ${compared.always.nowWrong.length} now wrong (`);
  });
});

describe('rules tune with prior:', () => {
  // The author's weight kept beside the fitted one: tuning shrinks toward `prior:`, so a file whose weights an
  // earlier --write fitted is tuned again from where its author started, not from the fitted weights.
  const withRare = (pair: string, rare: string): string =>
    FILE.replace('    weight: 1        # the author\'s guess\n', `${pair}\n`) + `  - name: rare\n    when: '"zebra"'\n${rare}\n`;
  const authored = withRare('    weight: 1', '    weight: 1');
  const refitted = withRare('    weight: 2.4\n    prior: 1', '    weight: 2.5\n    prior: 1');
  const overwritten = withRare('    weight: 2.4', '    weight: 2.5');
  const tune = (file: string) => tuneRules(compileRules(file, 'test.yml'), items(), { folds: 4 });

  it('fits from prior: when a rule has one, whatever its weight: says', () => {
    const a = tune(authored);
    const b = tune(refitted);
    expect(b.fitted).toEqual(a.fitted);
    expect(b.crossValidated).toEqual(a.crossValidated);
    expect(b.current).not.toEqual(a.current); // the written weights still decide the "current" column
    // Without prior:, the written weights are the starting point: a rule no item fires keeps its own.
    const c = tune(overwritten);
    const rare = (r: ReturnType<typeof tune>): number => r.fitted.weights[r.rules.findIndex((x) => x.name === 'rare')]!;
    expect(rare(c)).not.toBe(rare(a));
  });

  it('--write rewrites the weights and leaves prior: as written', () => {
    const report = tune(refitted);
    const out = rewriteWeights(refitted, report.fitted);
    expect(out.match(/^ {4}prior: .*$/gm)).toEqual(['    prior: 1', '    prior: 1']);
    expect(compileRules(out, 'test.yml').rules.find((r) => r.name === 'rare')).toMatchObject({ prior: 1 });
  });

  it('refuses a prior that is not a number, is zero, or is on the other side of zero from the weight', () => {
    expect(() => compileRules(withRare('    weight: 1\n    prior: zero', '    weight: 1'), 't.yml')).toThrow(/pair: expected a non-zero number for prior/);
    expect(() => compileRules(withRare('    weight: 1\n    prior: 0', '    weight: 1'), 't.yml')).toThrow(/expected a non-zero number for prior/);
    expect(() => compileRules(withRare('    weight: 1\n    prior: -1', '    weight: 1'), 't.yml')).toThrow(/pair: prior -1 and weight 1 are on different sides of zero/);
    // Without weight: the weight is the threshold, so a prior against is refused too.
    expect(() => compileRules(withRare('    prior: -1', '    weight: 1'), 't.yml')).toThrow(/pair: prior -1 and weight 3 are on different sides of zero/);
  });
});

describe('rules tune --by source', () => {
  // One outlet's relevant stories carry a sign ("dispatch") that no other outlet uses; elsewhere relevance is
  // the pair with talks. Folds of items learn the outlet's sign from its other items; folds of sources must
  // decide the outlet by weights fitted without it, where the sign has only its written weight.
  const SOURCE_FILE = `threshold: 3
groups:
  KOREA: [Korea]
  CHINA: [China]
  TALKS: [talks]
  DISPATCH: [dispatch]
rules:
  - name: pair
    when: KOREA AND CHINA
    weight: 1.5
  - name: talks
    when: TALKS
    weight: 1.5
  - name: korea
    when: KOREA
    weight: 1
  - name: dispatch
    when: DISPATCH
    weight: 0.5
`;
  function labeled(): LabeledItem[] {
    const out: LabeledItem[] = [];
    const title = ['Korea and China hold talks', 'Korea and China meet', 'Japan holds talks', 'Korea meets'];
    for (let n = 0; n < 80; n++) {
      out.push({ id: `o${n}`, title: title[n % 4]!, source: `outlet${n % 5}`, lang: 'en', relevant: n % 4 === 0 });
    }
    for (let n = 0; n < 12; n++) {
      out.push({ id: `w${n}`, title: 'Korea dispatch', source: 'the wire', lang: 'en', relevant: true });
      out.push({ id: `v${n}`, title: 'Korea meets', source: 'the wire', lang: 'en', relevant: false });
    }
    return out;
  }
  const rules = compileRules(SOURCE_FILE, 'test.yml');
  const wireRecall = (by: 'item' | 'source'): number => {
    const report = tuneRules(rules, labeled(), { folds: 4, by });
    expect(report.by).toBe(by);
    return report.crossValidated.overall.recall!;
  };

  it("decides each source by weights fitted without any of its items, so a source's own sign does not carry over", () => {
    const byItem = wireRecall('item');
    const bySource = wireRecall('source');
    // 32 relevant items, 12 of them the wire's "dispatch" stories: by item they are kept, by source they are not.
    expect(byItem).toBe(1);
    expect(bySource).toBeCloseTo(20 / 32, 5);
  });
});

describe('rewriteWeights', () => {
  it('changes only weights and threshold, keeps comments, and adds a weight where the rule had none', () => {
    const rules = compileRules(FILE, 'test.yml');
    const weights = rules.rules.map((r) => (r.name === 'pair' ? 1.25 : r.name === 'talks' ? 2.5 : r.name === 'sport' ? -4 : r.name === 'noise' ? 0.01 : r.weight));
    const out = rewriteWeights(FILE, { threshold: 3.5, weights });
    // Assess: the rewritten file compiles to exactly those weights
    const back = compileRules(out, 'test.yml');
    expect(back.threshold).toBe(3.5);
    expect(back.rules.map((r) => r.weight)).toEqual(weights.map((w, i) => (rules.rules[i]!.drop ? 3.5 : w)));
    // Assess: every line but the changed ones is as written
    expect(out).toContain('# A small rule file, with comments the rewrite must keep.');
    expect(out).toContain('    weight: 1.25        # the author\'s guess');
    expect(out).toContain("  - name: talks\n    when: TALKS\n    weight: 2.5\n");
    expect(out).toContain("    when: '\"spam\"'\n    drop: true\n");
    const changed = out.split('\n').filter((l) => !FILE.split('\n').includes(l));
    expect(changed).toEqual(['threshold: 3.5', "    weight: 1.25        # the author's guess", '    weight: 2.5', '    weight: -4', '    weight: 0.01']);
  });
});
