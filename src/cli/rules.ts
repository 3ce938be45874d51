/**
 * `wiresieve rules check FILE.jsonl`: precision, recall, F1 and every miss with its explanation.
 * `wiresieve rules apply`: re-classify every stored story (dropped ones too) with the current rules, so a rule
 * change reaches the stories already stored; kept/dropped TTLs follow the new decision.
 */
import { readFileSync } from 'node:fs';
import { evaluate, formatEvalReport, type LabeledItem } from '../core/rules';
import { loadConfig, loadRules } from '../services/config-files';
import { DEFAULT_RETENTION } from '../pipeline/poll-source';
import { reclassifyAll } from '../pipeline/reclassify';
import type { CliValues } from './main';
import { UsageError } from './main';
import { openStore } from './runtime';

export async function rulesCheckCommand(file: string, v: CliValues): Promise<number> {
  const rules = loadRules(v.rules);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const items: LabeledItem[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      items.push(JSON.parse(line) as LabeledItem);
    } catch {
      throw new UsageError(`${file}:${i + 1}: not a JSON object`);
    }
  });
  const report = evaluate(items, rules);
  console.log(v.json ? JSON.stringify(report, null, 2) : formatEvalReport(report));
  return 0;
}

export async function rulesApplyCommand(v: CliValues): Promise<number> {
  const config = loadConfig({ sourcesFile: v.sources, rulesFile: v.rules });
  const store = await openStore(v.data, (l) => console.log(l));
  try {
    const r = await reclassifyAll({ stories: store.stories, classifier: config.rules, retention: DEFAULT_RETENTION, now: new Date() });
    console.log(`wiresieve: re-classified ${r.total} stories · ${r.nowKept} newly kept · ${r.nowDropped} newly dropped · ${r.unchanged} unchanged`);
    return 0;
  } finally {
    await store.close();
  }
}
