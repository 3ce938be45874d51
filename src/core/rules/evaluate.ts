/**
 * Measures a classifier against labeled items (`wiresieve rules check FILE.jsonl`): precision, recall and F1
 * overall and per language (by primary subtag, so zh and zh-Hant count together as zh), and every miss and false
 * alarm with the decision's reason, so an operator sees what a rule change would do before deploying it.
 */
import type { Decision, MatchEvidence } from '../story';
import type { Classifier } from './types';

/** One line of a labeled JSONL file. */
export interface LabeledItem {
  id: string;
  title: string;
  summary?: string;
  link?: string;
  published?: string;
  source?: string;
  lang?: string;
  relevant: boolean;
  why?: string;
  /** Article text beside the summary, when the rules saw one (`stories export` writes it). */
  content?: string;
  [key: string]: unknown;
}

export interface Scores {
  total: number;
  relevant: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** null when undefined (nothing kept / nothing relevant). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface EvalItem {
  id: string;
  lang: string;
  title: string;
  expected: boolean;
  kept: boolean;
  score: number;
  rule?: string;
  reason: string;
  matches: MatchEvidence[];
}

export interface EvalError {
  id: string;
  lang: string;
  title: string;
  /** The label's explanation. */
  why: string;
  /** The classifier's explanation. */
  reason: string;
}

export interface EvalReport extends Scores {
  byLanguage: Record<string, Scores>;
  misses: EvalError[];
  falseAlarms: EvalError[];
  items: EvalItem[];
}

/** The figures of a report alone, overall and per language (`rules check --summary`). */
export type EvalFigures = Omit<EvalReport, 'misses' | 'falseAlarms' | 'items'>;

export function figuresOf(report: EvalReport): EvalFigures {
  const { misses, falseAlarms, items, ...figures } = report;
  return figures;
}

export function evaluate(items: LabeledItem[], classifier: Classifier): EvalReport {
  const results = items.map((item) => {
    const decision: Decision = classifier.classify({
      title: item.title ?? '',
      summary: item.summary ?? '',
      ...(typeof item.content === 'string' ? { content: item.content } : {}),
      ...(item.source ? { source: item.source } : {}),
      ...(item.lang ? { language: item.lang } : {}),
    });
    const result: EvalItem = {
      id: item.id,
      lang: (item.lang ?? 'und').split('-')[0]!.toLowerCase(),
      title: item.title ?? '',
      expected: item.relevant === true,
      kept: decision.kept,
      score: decision.score,
      reason: decision.reason,
      matches: decision.matches,
    };
    if (decision.rule !== undefined) result.rule = decision.rule;
    return { result, why: item.why ?? '' };
  });
  const all = results.map((r) => r.result);
  const byLanguage: Record<string, Scores> = {};
  for (const lang of [...new Set(all.map((r) => r.lang))].sort()) byLanguage[lang] = scores(all.filter((r) => r.lang === lang));
  const error = ({ result, why }: (typeof results)[number]): EvalError => ({
    id: result.id,
    lang: result.lang,
    title: result.title,
    why,
    reason: result.reason,
  });
  return {
    ...scores(all),
    byLanguage,
    misses: results.filter((r) => r.result.expected && !r.result.kept).map(error),
    falseAlarms: results.filter((r) => !r.result.expected && r.result.kept).map(error),
    items: all,
  };
}

export function scores(items: readonly { expected: boolean; kept: boolean }[]): Scores {
  const tp = items.filter((i) => i.expected && i.kept).length;
  const fp = items.filter((i) => !i.expected && i.kept).length;
  const fn = items.filter((i) => i.expected && !i.kept).length;
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return {
    total: items.length,
    relevant: tp + fn,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
  };
}

function round(n: number | null): number | null {
  return n === null ? null : Math.round(n * 10000) / 10000;
}

/** A figure for a terminal table: three decimals, or a dash where it is undefined. */
export const num = (n: number | null): string => (n === null ? '  —  ' : n.toFixed(3));

/** The figures, then (when the report has them) every miss and false alarm with both reasons. */
export function formatEvalReport(report: EvalFigures & Partial<Pick<EvalReport, 'misses' | 'falseAlarms'>>): string {
  const lines: string[] = [];
  const line = (label: string, s: Scores): string =>
    `${label.padEnd(8)} ${String(s.total).padStart(4)} items ${String(s.relevant).padStart(4)} relevant   ` +
    `precision ${num(s.precision)}  recall ${num(s.recall)}  F1 ${num(s.f1)}   (tp ${s.truePositives}, fp ${s.falsePositives}, fn ${s.falseNegatives})`;
  lines.push(line('overall', report));
  for (const [lang, s] of Object.entries(report.byLanguage)) lines.push(line(`  ${lang}`, s));
  const list = (title: string, errors: EvalError[]): void => {
    lines.push('', `${title} (${errors.length}):`);
    for (const e of errors) {
      lines.push(`  ${e.id} [${e.lang}] ${e.title}`);
      if (e.why) lines.push(`      label: ${e.why}`);
      lines.push(`      rules: ${e.reason}`);
    }
  };
  if (report.misses) list('misses — relevant but dropped', report.misses);
  if (report.falseAlarms) list('false alarms — kept but not relevant', report.falseAlarms);
  return lines.join('\n');
}
