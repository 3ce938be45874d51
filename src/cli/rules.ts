/**
 * `wiresieve rules check FILE.jsonl [--summary]`: precision, recall, F1 and every miss with its explanation (with
 * --summary, the figures alone).
 * `wiresieve rules apply`: re-classify every stored story (dropped ones too) with the current rules, so a rule
 * change reaches the stories already stored; kept/dropped TTLs follow the new decision.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compareRules, compileRules, evaluate, figuresOf, formatCompareReport, formatEvalReport, formatTuneReport, rewriteWeights, tuneRules, type LabeledItem } from '../core/rules';
import { readConfigText } from '../config';
import { loadConfig, loadRules } from '../services/config-files';
import { openStore, reclassifyStored } from '../services/local';
import { UsageError, type CliValues } from './args';

export async function rulesCheckCommand(file: string, v: CliValues): Promise<number> {
  const rules = loadRules(v.rules);
  const full = evaluate(readLabeled([file]), rules);
  // --summary: the figures alone, for a split kept out of one's edits (its items are never read one by one).
  const report = v.summary ? figuresOf(full) : full;
  console.log(v.json ? JSON.stringify(report, null, 2) : formatEvalReport(report));
  return 0;
}

/**
 * `wiresieve rules tune LABELED.jsonl… [--rules FILE] [--folds 5] [--repeats 1] [--by item|source] [--write] [--json]
 * [--against OTHER.yml] [--seed S]`: fits weights and threshold to the labels, prints cross-validated figures beside the
 * current weights' and, with --write, rewrites only the weights and the threshold in the rules file. With
 * --against, compares the two files cross-validated on the same splits instead (and writes nothing).
 */
export async function rulesTuneCommand(files: string[], v: CliValues): Promise<number> {
  const folds = Number(v.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds expects a whole number of at least 2, found "${v.folds}"`);
  const repeats = Number(v.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) throw new UsageError(`--repeats expects a whole number of at least 1, found "${v.repeats}"`);
  if (v.by !== 'item' && v.by !== 'source') throw new UsageError(`--by expects item or source, found "${v.by}"`);
  if (v.against !== undefined && v.write) throw new UsageError('--against compares two rule files and writes neither: leave out --write');
  const text = readConfigText(v.rules);
  const rules = compileRules(text, v.rules);
  const items = readLabeled(files);
  if (items.length < folds) throw new UsageError(`rules tune needs at least ${folds} labeled items (found ${items.length})`);
  if (v.against !== undefined) {
    // A paired comparison of two files; nothing is written.
    const other = compileRules(readConfigText(v.against), v.against);
    const compared = compareRules(rules, other, items, { folds, repeats, by: v.by, seed: v.seed });
    console.log(v.json ? JSON.stringify(compared, null, 2) : formatCompareReport(compared, { base: v.rules, other: v.against }));
    return 0;
  }
  const report = tuneRules(rules, items, { folds, repeats, by: v.by, seed: v.seed });
  console.log(v.json ? JSON.stringify(report, null, 2) : formatTuneReport(report));
  if (v.write) {
    const updated = rewriteWeights(text, report.fitted);
    // The rewritten file must compile to the fitted weights before it replaces the operator's.
    const check = compileRules(updated, v.rules);
    const same = check.rules.every((r, i) => r.weight === report.fitted.weights[i]) && check.threshold === report.fitted.threshold;
    if (!same) throw new Error(`rules tune: the rewritten ${v.rules} does not hold the fitted weights; left unchanged`);
    writeFileSync(v.rules, updated);
    console.log(`wiresieve: wrote ${report.rules.filter((r) => !r.drop).length} weights and threshold ${report.fitted.threshold} to ${v.rules}`);
  }
  return 0;
}

function readLabeled(files: string[]): LabeledItem[] {
  const items: LabeledItem[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let item: unknown;
      try {
        item = JSON.parse(line);
      } catch {
        throw new UsageError(`${file}:${i + 1}: not a JSON object`);
      }
      if (!item || typeof item !== 'object' || typeof (item as LabeledItem).relevant !== 'boolean') {
        throw new UsageError(`${file}:${i + 1}: expected an object with "title" and "relevant": true or false`);
      }
      items.push(item as LabeledItem);
    });
  }
  return items;
}

export async function rulesApplyCommand(v: CliValues): Promise<number> {
  const config = loadConfig({ sourcesFile: v.sources, rulesFile: v.rules });
  const store = await openStore(v.data, (l) => console.log(l));
  try {
    const r = await reclassifyStored(store, config.rules);
    console.log(`wiresieve: re-classified ${r.total} stories · ${r.nowKept} newly kept · ${r.nowDropped} newly dropped · ${r.unchanged} unchanged`);
    return 0;
  } finally {
    await store.close();
  }
}
