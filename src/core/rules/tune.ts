/**
 * `wiresieve rules tune`: fits the rule weights and the threshold to labeled items, and says how well the fitted
 * weights predict items they were not fitted on.
 *
 * The model is the rule file's own: a story's score is the sum of the weights of the rules that fire, and it is
 * kept at the threshold unless a `drop` rule fired. Fitting it is a logistic regression over rule firings
 * (one binary feature per scoring rule, plus an intercept), L2-regularised, with every weight kept on the side
 * of zero its author wrote it (a rule written as evidence against never turns into evidence for, and the other
 * way round): the rules state the definition, the labels only say how much each sign is worth. Each weight is
 * shrunk toward its author's: the rule's `prior:` when it has one, else its `weight:`. A file whose weights were
 * written by an earlier `--write` keeps the author's in `prior:`, so tuning it again starts from the same place
 * (and its figures are not those of weights already fitted to the same labels).
 *
 *   logit P(relevant) = b + Σ wᵢ·firedᵢ      kept ⇔ Σ wᵢ·firedᵢ ≥ c − b
 *
 * The cut c is the one that maximises F1 on the training items; the weights are then scaled so that the
 * threshold stays the file's (the score a reader sees keeps its meaning), and rounded to two decimals.
 *
 * The figures it reports are k-fold cross-validated: each fold's items are decided by weights fitted on the
 * other folds, with the regularisation strength chosen by an inner cross-validation on those folds alone.
 * Folds are assigned by a hash of the item id, so a run is reproducible and an item keeps its fold when the
 * file grows — or, `by: 'source'`, by a hash of the item's source, so each source is decided by weights fitted
 * without it.
 *
 * Pure: no I/O. The CLI (src/cli/rules.ts) reads the files and prints the report.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ClassifyInput } from './types';
import type { LabeledItem, Scores } from './evaluate';
import { num, scores } from './evaluate';

/** What tuning needs of a compiled rule set. */
export interface TunableRules {
  readonly rules: readonly { name: string; weight: number; prior?: number; drop: boolean }[];
  readonly threshold: number;
  firings(input: ClassifyInput): boolean[];
}

export interface TuneOptions {
  folds?: number;
  /** L2 strengths tried (per item, on the mean log-loss); the inner cross-validation picks one. */
  l2Grid?: number[];
  /** What L2 shrinks the weights toward: the file's weights (default; a rule few labels fire keeps about its
   * written weight) or zero. */
  shrinkTo?: 'file' | 'zero';
  /** Mixed into the fold hash: another seed, another split (to see how much the figures move with it). */
  seed?: string;
  /** What a fold holds: items at random (by id, the default), or whole sources, so each source's items are
   * decided by weights fitted without any item of that source — how the rules would do on a source nobody
   * labeled. Items without a source are grouped by their id. */
  by?: FoldUnit;
  /** Fold splits the cross-validation is repeated over (default 1): the first is `seed`'s, the others hash
   * `${seed}s1`, `${seed}s2` …; the figures pool every split's decisions, so one lucky split weighs less. The
   * fitted weights do not depend on it. */
  repeats?: number;
}

export type FoldUnit = 'item' | 'source';

export interface WeightSet {
  threshold: number;
  /** One per rule, in file order; drop rules keep their weight (it is not used). */
  weights: number[];
}

export interface LanguageFigures {
  overall: Scores;
  byLanguage: Record<string, Scores>;
}

export interface TuneReport {
  items: number;
  folds: number;
  /** What the folds were made of (TuneOptions.by). */
  by: FoldUnit;
  /** The file's weights on every item (they were not fitted here, so no folds are needed). */
  current: LanguageFigures;
  /** Each item decided by weights fitted without its fold; with repeats, every split's decisions pooled (the
   * counts then hold each item once per split). */
  crossValidated: LanguageFigures;
  /** Fold splits pooled in crossValidated (TuneOptions.repeats). */
  repeats: number;
  /** The fold-split seed (TuneOptions.seed; '' by default). */
  seed: string;
  /** Overall cross-validated F1 of each split on its own: how far the figure moves with the split alone. */
  splitF1: (number | null)[];
  /** The same fitting on all items: what `--write` puts in the file. */
  fitted: WeightSet;
  l2: number;
  rules: { name: string; current: number; fitted: number; fires: number; firesRelevant: number; drop: boolean }[];
}

interface Data {
  /** Scoring-rule indexes that fired, per item. */
  rows: number[][];
  drop: boolean[];
  y: boolean[];
  lang: string[];
  fold: number[];
  /** The inner cross-validation's fold of each item (see chooseL2). */
  inner: number[];
}

const DEFAULT_GRID = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];

export function tuneRules(rules: TunableRules, items: LabeledItem[], options: TuneOptions = {}): TuneReport {
  const setup = prepare(rules, items, options);
  const { k, grid, scoring, prior, by, seed, repeats, data, all } = setup;

  const current = figures(outcomes(data, all, (i) => decide(data, i, scoring.map((r) => rules.rules[r]!.weight), rules.threshold)));

  const pooled: Outcome[] = [];
  const splitF1: (number | null)[] = [];
  for (const predicted of splitDecisions(setup, items)) {
    const decided = outcomes(data, all, (i) => predicted[i]!);
    splitF1.push(scores(decided).f1);
    pooled.push(...decided);
  }
  const crossValidated = figures(pooled);

  const { l2, shift } = chooseL2(data, all, prior, grid, k);
  const model = shifted(fitCut(data, all, prior, l2), shift);
  const fitted = scaleTo(model, rules, scoring);

  return {
    items: items.length,
    folds: k,
    by,
    current,
    crossValidated,
    repeats,
    seed,
    splitF1,
    fitted,
    l2,
    rules: rules.rules.map((r, i) => {
      const j = scoring.indexOf(i);
      const fires = j < 0 ? [] : all.filter((n) => data.rows[n]!.includes(j));
      return {
        name: r.name,
        current: r.weight,
        fitted: fitted.weights[i]!,
        fires: fires.length,
        firesRelevant: fires.filter((n) => data.y[n]).length,
        drop: r.drop,
      };
    }),
  };
}

/** How many cross-validated decisions a change of rule file turned right and wrong (an item once per split). */
export interface DecisionChange {
  nowRight: number;
  nowWrong: number;
}

export interface CompareReport {
  items: number;
  folds: number;
  by: FoldUnit;
  repeats: number;
  seed: string;
  /** Both files cross-validated on the same splits, each refitted per fold as `tune` does. */
  base: LanguageFigures;
  other: LanguageFigures;
  changed: { overall: DecisionChange; byLanguage: Record<string, DecisionChange> };
  /** Items the other file decides differently in every split, by id: the change's effect, not a split's luck. */
  always: { nowRight: string[]; nowWrong: string[] };
}

/**
 * Two rule files on the same labels, the same folds and the same splits: a paired comparison. Pooled F1 moves
 * by a few thousandths with the split alone; the decisions each file gets right that the other does not say
 * whether a change is a change, and which items it moved.
 */
export function compareRules(base: TunableRules, other: TunableRules, items: LabeledItem[], options: TuneOptions = {}): CompareReport {
  const a = prepare(base, items, options);
  const b = prepare(other, items, options);
  const da = splitDecisions(a, items);
  const db = splitDecisions(b, items);
  const { data, all } = a;
  const pool = (d: boolean[][]): LanguageFigures => figures(d.flatMap((predicted) => outcomes(data, all, (i) => predicted[i]!)));
  const overall: DecisionChange = { nowRight: 0, nowWrong: 0 };
  const byLanguage: Record<string, DecisionChange> = {};
  const always = { nowRight: [] as string[], nowWrong: [] as string[] };
  for (const i of all) {
    const lang = (byLanguage[data.lang[i]!] ??= { nowRight: 0, nowWrong: 0 });
    let right = 0;
    let wrong = 0;
    for (let r = 0; r < da.length; r++) {
      const wasRight = da[r]![i] === data.y[i];
      const isRight = db[r]![i] === data.y[i];
      if (!wasRight && isRight) right++;
      if (wasRight && !isRight) wrong++;
    }
    overall.nowRight += right;
    overall.nowWrong += wrong;
    lang.nowRight += right;
    lang.nowWrong += wrong;
    if (right === da.length) always.nowRight.push(String(items[i]!.id ?? i));
    if (wrong === da.length) always.nowWrong.push(String(items[i]!.id ?? i));
  }
  const sorted = Object.fromEntries(Object.keys(byLanguage).sort().map((l) => [l, byLanguage[l]!]));
  return { items: items.length, folds: a.k, by: a.by, repeats: a.repeats, seed: a.seed, base: pool(da), other: pool(db), changed: { overall, byLanguage: sorted }, always };
}

/** The comparison for a terminal: both files' figures side by side, then the decisions that changed. */
export function formatCompareReport(r: CompareReport, names: { base: string; other: string }): string {
  const unit = r.by === 'source' ? 'folds by source' : 'folds by item id';
  const lines = [`${r.items} labeled items, ${r.folds}-fold cross-validation (${unit}) over ${r.repeats} fold split${r.repeats > 1 ? 's' : ''}${seedNote(r.seed)}, both files refitted per fold`, ''];
  const cell = (x: Scores | undefined): string => (x ? prf(x) : '');
  lines.push(`${''.padEnd(10)} ${`${names.base} (P / R / F1)`.padEnd(34)} ${names.other} (P / R / F1)`);
  lines.push(`${'overall'.padEnd(10)} ${cell(r.base.overall).padEnd(34)} ${cell(r.other.overall)}`);
  for (const lang of Object.keys(r.base.byLanguage)) lines.push(`${`  ${lang}`.padEnd(10)} ${cell(r.base.byLanguage[lang]).padEnd(34)} ${cell(r.other.byLanguage[lang])}`);
  lines.push('');
  const c = r.changed.overall;
  lines.push(`decisions changed (an item counted once per split): ${c.nowRight} now right, ${c.nowWrong} now wrong (net ${c.nowRight - c.nowWrong >= 0 ? '+' : ''}${c.nowRight - c.nowWrong})`);
  for (const [lang, x] of Object.entries(r.changed.byLanguage)) if (x.nowRight || x.nowWrong) lines.push(`  ${lang.padEnd(8)} ${x.nowRight} now right, ${x.nowWrong} now wrong`);
  lines.push(`changed in every split: ${r.always.nowRight.length} now right${list(r.always.nowRight)}, ${r.always.nowWrong.length} now wrong${list(r.always.nowWrong)}`);
  return lines.join('\n');
}

function seedNote(seed: string): string {
  return seed ? `, seed ${JSON.stringify(seed)}` : '';
}

function list(ids: string[]): string {
  if (!ids.length) return '';
  return ` (${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ` … ${ids.length - 20} more` : ''})`;
}

/** What one cross-validation of a rule file needs: its firings on the items, the priors, the folds of the first split. */
interface Setup {
  k: number;
  grid: number[];
  scoring: number[];
  prior: Prior;
  by: FoldUnit;
  seed: string;
  repeats: number;
  data: Data;
  all: number[];
}

function prepare(rules: TunableRules, items: LabeledItem[], options: TuneOptions): Setup {
  const k = Math.max(2, Math.min(options.folds ?? 5, items.length));
  const grid = options.l2Grid ?? DEFAULT_GRID;
  const scoring = rules.rules.map((r, i) => (r.drop ? -1 : i)).filter((i) => i >= 0);
  // Each weight is shrunk toward the author's (`prior:`, else the file's weight) or toward zero, and stays on its side.
  const written = scoring.map((i) => rules.rules[i]!.prior ?? rules.rules[i]!.weight);
  const prior: Prior = { sign: written.map((w) => Math.sign(w)), mean: written.map((w) => (options.shrinkTo === 'zero' ? 0 : w)) };
  const by = options.by ?? 'item';
  const seed = options.seed ?? '';
  const repeats = Math.max(1, Math.floor(options.repeats ?? 1));
  const data = featurize(rules, items, scoring, k, seed, by);
  return { k, grid, scoring, prior, by, seed, repeats, data, all: data.y.map((_, i) => i) };
}

/** Each split's cross-validated decision on every item; the first split is `seed`'s, the others `${seed}s1` …. */
function splitDecisions(setup: Setup, items: LabeledItem[]): boolean[][] {
  const { k, grid, prior, by, seed, repeats, data, all } = setup;
  const out: boolean[][] = [];
  for (let r = 0; r < repeats; r++) {
    // The split's folds; the firings are the same for every split.
    const split = r === 0 ? data : { ...data, ...folds(items, k, `${seed}s${r}`, by) };
    out.push(crossValidate(split, all, prior, grid, k));
  }
  return out;
}

/** Each item decided by weights fitted on the other folds of the split. */
function crossValidate(data: Data, all: number[], prior: Prior, grid: number[], k: number): boolean[] {
  const predicted: boolean[] = new Array(all.length).fill(false);
  for (let f = 0; f < k; f++) {
    const train = all.filter((i) => data.fold[i] !== f);
    const test = all.filter((i) => data.fold[i] === f);
    const { l2, shift } = chooseL2(data, train, prior, grid, k);
    const model = shifted(fitCut(data, train, prior, l2), shift);
    for (const i of test) predicted[i] = decide(data, i, model.w, model.threshold);
  }
  return predicted;
}

function featurize(rules: TunableRules, items: LabeledItem[], scoring: number[], k: number, seed: string, by: FoldUnit): Data {
  const data: Data = { rows: [], drop: [], y: [], lang: [], ...folds(items, k, seed, by) };
  for (const item of items) {
    const fired = rules.firings({
      title: item.title ?? '',
      summary: item.summary ?? '',
      ...(typeof item.content === 'string' ? { content: item.content } : {}),
      ...(item.source ? { source: item.source } : {}),
      ...(item.lang ? { language: item.lang } : {}),
    });
    data.rows.push(scoring.map((r, j) => (fired[r] ? j : -1)).filter((j) => j >= 0));
    data.drop.push(rules.rules.some((r, i) => r.drop && fired[i]));
    data.y.push(item.relevant === true);
    data.lang.push((item.lang ?? 'und').split('-')[0]!.toLowerCase());
  }
  return data;
}

/** The outer and inner fold of each item under one seed. */
function folds(items: LabeledItem[], k: number, seed: string, by: FoldUnit): Pick<Data, 'fold' | 'inner'> {
  const fold: number[] = [];
  const inner: number[] = [];
  for (const item of items) {
    if (by === 'source' && item.source) {
      // A source's items share both folds, outer and inner: no source is fitted and decided at once.
      fold.push(fnv1a(`${seed}source:${item.source}`) % k);
      inner.push(fnv1a(`${seed}inner:${item.source}`) % k);
    } else {
      const f = fnv1a(seed + String(item.id ?? '')) % k;
      fold.push(f);
      // The inner folds re-hash the outer fold number, so they cut across the outer ones.
      inner.push((f * 7 + (inner.length % 7)) % k);
    }
  }
  return { fold, inner };
}

function decide(data: Data, i: number, w: readonly number[], threshold: number): boolean {
  if (data.drop[i]) return false;
  let s = 0;
  for (const j of data.rows[i]!) s += w[j]!;
  return s >= threshold - 1e-9;
}

interface Outcome {
  lang: string;
  expected: boolean;
  kept: boolean;
}

function outcomes(data: Data, idx: number[], kept: (i: number) => boolean): Outcome[] {
  return idx.map((i) => ({ lang: data.lang[i]!, expected: data.y[i]!, kept: kept(i) }));
}

function figures(outcome: Outcome[]): LanguageFigures {
  const byLanguage: Record<string, Scores> = {};
  for (const lang of [...new Set(outcome.map((o) => o.lang))].sort()) byLanguage[lang] = scores(outcome.filter((o) => o.lang === lang));
  return { overall: scores(outcome), byLanguage };
}

/**
 * The L2 strength, and the shift of the cut, that give the best F1 on held-out items of an inner k-fold split
 * of `train`. The cut a model finds on its own training items is too lenient for new ones (their scores
 * spread wider); the shift corrects it on items the model did not see.
 */
function chooseL2(data: Data, train: number[], prior: Prior, grid: number[], k: number): { l2: number; shift: number } {
  let best = { l2: grid[0]!, shift: 0 };
  let bestF1 = -1;
  for (const l2 of grid) {
    const held: { margin: number; y: boolean }[] = [];
    for (let f = 0; f < k; f++) {
      const fit = train.filter((i) => data.inner[i] !== f);
      const test = train.filter((i) => data.inner[i] === f);
      if (!fit.length || !test.length) continue;
      const model = fitCut(data, fit, prior, l2);
      for (const i of test) {
        const margin = data.drop[i] ? -Infinity : data.rows[i]!.reduce((s, j) => s + model.w[j]!, 0) - model.threshold;
        held.push({ margin, y: data.y[i]! });
      }
    }
    const { shift, f1 } = bestShift(held);
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1;
      best = { l2, shift };
    }
  }
  return best;
}

/** The shift of the cut (within ±1 in score units, 0 preferred on ties) with the best F1 over held-out margins. */
function bestShift(held: { margin: number; y: boolean }[]): { shift: number; f1: number } {
  let best = { shift: 0, f1: -1 };
  for (let step = 0; step <= 40; step++) {
    for (const shift of step === 0 ? [0] : [step / 40, -step / 40]) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const h of held) {
        const kept = h.margin >= shift - 1e-9;
        if (kept && h.y) tp++;
        else if (kept) fp++;
        else if (h.y) fn++;
      }
      const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
      if (f1 > best.f1 + 1e-9) best = { shift, f1 };
    }
  }
  return best;
}

function shifted(model: Model, shift: number): Model {
  return { w: model.w, threshold: Math.max(model.threshold + shift, Math.max(0, ...model.w) + 1e-3) };
}

/** Per scoring rule: the side of zero its weight stays on, and the weight L2 shrinks it toward. */
interface Prior {
  sign: number[];
  mean: number[];
}

interface Model {
  w: number[];
  /** Kept when Σ w·x ≥ threshold (the cut and the intercept folded together). */
  threshold: number;
}

/** Fits the weights on `train`, then the cut that maximises training F1. */
function fitCut(data: Data, train: number[], prior: Prior, l2: number): Model {
  const { w, b } = fitLogistic(data, train, prior, l2);
  const candidates = train.filter((i) => !data.drop[i]).map((i) => data.rows[i]!.reduce((s, j) => s + w[j]!, 0));
  const sorted = [...new Set(candidates.map((s) => Math.round(s * 1e6) / 1e6))].sort((a, c) => a - c);
  // No single rule keeps a story on its own: the cut lies above the largest weight (a relationship needs two signs).
  const floor = Math.max(0, ...w) + 1e-3;
  let best = Math.max(-b, floor);
  let bestF1 = -1;
  for (let n = 0; n < sorted.length; n++) {
    // Cut half-way below each distinct score, so the fitted threshold keeps a margin on both sides.
    const cut = Math.max(floor, n === 0 ? sorted[0]! - 0.5 : (sorted[n - 1]! + sorted[n]!) / 2);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const i of train) {
      const kept = !data.drop[i] && data.rows[i]!.reduce((s, j) => s + w[j]!, 0) >= cut;
      if (kept && data.y[i]) tp++;
      else if (kept) fp++;
      else if (data.y[i]) fn++;
    }
    const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    // Ties go to the cut nearest the model's own (probability ½): the least fitted choice.
    if (f1 > bestF1 + 1e-9 || (Math.abs(f1 - bestF1) <= 1e-9 && Math.abs(cut + b) < Math.abs(best + b))) {
      bestF1 = f1;
      best = cut;
    }
  }
  return { w, threshold: best };
}

/**
 * L2-regularised logistic regression with sign constraints, by accelerated projected gradient descent (FISTA).
 * Features are binary and sparse; the intercept is neither regularised nor constrained. Items a drop rule
 * vetoes are left out: their score never decides them.
 */
function fitLogistic(data: Data, train: number[], spec: Prior, l2: number, iterations = 1500): { w: number[]; b: number } {
  const d = spec.sign.length;
  const signs = spec.sign;
  const prior = spec.mean;
  const rows = train.filter((i) => !data.drop[i]);
  const n = Math.max(rows.length, 1);
  // Lipschitz bound of the mean log-loss gradient: ¼·‖X‖₁‖X‖∞/n (+1 for the intercept column), plus l2.
  const colSum = new Array<number>(d + 1).fill(0);
  let maxRow = 1;
  for (const i of rows) {
    for (const j of data.rows[i]!) colSum[j]!++;
    colSum[d]!++;
    maxRow = Math.max(maxRow, data.rows[i]!.length + 1);
  }
  const lipschitz = (0.25 * Math.max(...colSum, 1) * maxRow) / n + l2;
  const step = 1 / lipschitz;
  let w = new Array<number>(d + 1).fill(0);
  let prev = w.slice();
  let z = w.slice();
  let t = 1;
  const grad = new Array<number>(d + 1);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (const i of rows) {
      let s = z[d]!;
      for (const j of data.rows[i]!) s += z[j]!;
      const p = 1 / (1 + Math.exp(-s));
      const e = (p - (data.y[i] ? 1 : 0)) / n;
      for (const j of data.rows[i]!) grad[j]! += e;
      grad[d]! += e;
    }
    prev = w;
    w = z.map((v, j) => {
      let x = v - step * (grad[j]! + (j < d ? l2 * (v - prior[j]!) : 0));
      if (j < d && signs[j]! > 0 && x < 0) x = 0;
      if (j < d && signs[j]! < 0 && x > 0) x = 0;
      return x;
    });
    // One rule alone stays below even odds: no weight above the intercept's distance to zero.
    const cap = -w[d]! * 0.99;
    if (cap > 0) for (let j = 0; j < d; j++) if (w[j]! > cap) w[j] = cap;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    z = w.map((v, j) => v + ((t - 1) / tNext) * (v - prev[j]!));
    t = tNext;
  }
  return { w: w.slice(0, d), b: w[d]! };
}

/** Fitted weights on the file's scale: the file's threshold stays, weights are scaled to it and rounded. */
function scaleTo(model: Model, rules: TunableRules, scoring: number[]): WeightSet {
  const target = rules.threshold;
  const scale = model.threshold > 1e-9 ? target / model.threshold : 1;
  const weights = rules.rules.map((r) => r.weight);
  scoring.forEach((r, j) => {
    // A weight the labels pushed to zero keeps its author's sign at the smallest step (the compiler refuses 0,
    // and the next tuning must still know which side of zero the rule is on).
    // Rounding must not lift a weight to the threshold: no rule keeps a story alone.
    const v = Math.min(Math.round(model.w[j]! * scale * 100) / 100, target - 0.01);
    weights[r] = v === 0 ? Math.sign(rules.rules[r]!.weight) * 0.01 : v;
  });
  return { threshold: model.threshold > 1e-9 ? target : Math.round(model.threshold * 100) / 100 || 0.01, weights };
}

function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

/**
 * Rewrites the weights and the threshold of a rule file in place: only those scalars change (a rule without
 * `weight:` gets one on the line after its `when:`), so comments, order and layout stay as the operator wrote them.
 */
export function rewriteWeights(text: string, set: WeightSet): string {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const root = doc.contents;
  if (!isMap(root)) throw new Error('rules file: expected a mapping at the top');
  const edits: { at: number; end: number; text: string }[] = [];
  const thresholdNode = root.get('threshold', true) as YamlNode | undefined;
  if (isScalar(thresholdNode) && thresholdNode.range) {
    edits.push({ at: thresholdNode.range[0], end: thresholdNode.range[1], text: fmt(set.threshold) });
  } else {
    edits.push({ at: 0, end: 0, text: `threshold: ${fmt(set.threshold)}\n` });
  }
  const rulesNode = root.get('rules', true) as YamlNode | undefined;
  if (!isSeq(rulesNode)) throw new Error('rules file: expected a list under rules:');
  rulesNode.items.forEach((item, i) => {
    if (!isMap(item) || set.weights[i] === undefined) return;
    const map = item as YAMLMap;
    if (map.get('drop') === true) return;
    const weight = map.get('weight', true) as YamlNode | undefined;
    if (isScalar(weight) && weight.range) {
      edits.push({ at: weight.range[0], end: weight.range[1], text: fmt(set.weights[i]!) });
      return;
    }
    const when = map.items.find((p) => isScalar(p.key) && p.key.value === 'when');
    const key = when?.key as YamlNode | undefined;
    const value = when?.value as YamlNode | undefined;
    if (!key?.range || !value?.range) return;
    const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
    const indent = ' '.repeat(key.range[0] - lineStart);
    const eol = text.indexOf('\n', value.range[1] - 1);
    const at = eol < 0 ? text.length : eol;
    edits.push({ at, end: at, text: `\n${indent}weight: ${fmt(set.weights[i]!)}` });
  });
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  return out;
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Precision, recall and F1 as one table cell. */
const prf = (x: Scores): string => `${num(x.precision)} ${num(x.recall)} ${num(x.f1)}`;

/** The tuning report for a terminal: figures side by side, then every rule's weight before and after. */
export function formatTuneReport(r: TuneReport): string {
  const lines: string[] = [];
  const unit = r.by === 'source' ? 'folds by source: each source decided by weights fitted without it' : 'folds by item id';
  const f1s = r.splitF1.filter((f): f is number => f !== null);
  const splits =
    r.repeats > 1 && f1s.length
      ? `, repeated over ${r.repeats} fold splits and pooled (overall F1 of each split ${num(Math.min(...f1s))}–${num(Math.max(...f1s))})`
      : '';
  lines.push(`${r.items} labeled items, ${r.folds}-fold cross-validation (${unit})${splits}${seedNote(r.seed)}, L2 ${r.l2}`);
  lines.push('');
  lines.push(`${''.padEnd(10)} ${'current weights (P / R / F1)'.padEnd(30)} cross-validated fitted weights (P / R / F1)`);
  const row = (label: string, a: Scores | undefined, b: Scores | undefined): string =>
    `${label.padEnd(10)} ${(a ? prf(a) : '').padEnd(30)} ` +
    // Pooled counts hold each item once per split: the items themselves are a split's.
    (b ? `${prf(b)}   (${b.total / r.repeats} items, ${b.relevant / r.repeats} relevant)` : '');
  lines.push(row('overall', r.current.overall, r.crossValidated.overall));
  for (const lang of Object.keys(r.crossValidated.byLanguage)) {
    lines.push(row(`  ${lang}`, r.current.byLanguage[lang], r.crossValidated.byLanguage[lang]));
  }
  lines.push('');
  lines.push(`fitted on all ${r.items} items (what --write puts in the file): threshold ${r.fitted.threshold}`);
  const width = Math.max(...r.rules.map((x) => x.name.length), 4);
  lines.push(`  ${'rule'.padEnd(width)}  current   fitted   fires (relevant)`);
  for (const x of r.rules) {
    const fitted = x.drop ? 'drop' : String(x.fitted);
    const note = !x.drop && Math.abs(x.fitted) === 0.01 ? '   ← the labels give it no weight' : '';
    lines.push(`  ${x.name.padEnd(width)}  ${String(x.drop ? 'drop' : x.current).padStart(7)}  ${fitted.padStart(7)}   ${x.fires} (${x.firesRelevant})${note}`);
  }
  return lines.join('\n');
}
