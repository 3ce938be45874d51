/**
 * `wiresieve preview URL|PATH [--full-text auto|always|never]`: what the rules would do with each item of one feed,
 * and why — thin items and close calls decided on their article as poll does, saying which decisions it changed.
 * Stores nothing. The work is src/services/preview.ts; this prints it.
 */
import { explain } from '../core/rules';
import type { SourceConfig } from '../core/source';
import { loadRules } from '../services/config-files';
import { previewFeed } from '../services/preview';
import type { CliValues } from './args';

export async function previewCommand(target: string, v: CliValues): Promise<number> {
  const rules = loadRules(v.rules);
  const { feed, items, enriched } = await previewFeed(target, { rules, allowPrivateHosts: v['allow-private-hosts'], fullText: v['full-text'] as SourceConfig['fullText'] });
  if (v.json) {
    console.log(JSON.stringify({ feed: { title: feed.title, link: feed.link, language: feed.language, items: items.length }, articles: enriched, items }, null, 2));
    return 0;
  }
  const changed = items.filter((i) => i.article?.changed).length;
  console.log(`${feed.title ?? target} — ${items.length} items, ${items.filter((i) => i.kept).length} kept · ${enriched.read} articles read, ${changed} decisions changed by them`);
  for (const p of enriched.problems) console.log(`  warning: ${p}`);
  for (const i of items) {
    const because = i.article?.changed ? `      decided by the article: ${i.kept ? 'dropped → KEPT' : 'kept → DROPPED'} (on the feed alone: ${i.article.before})\n` : '';
    console.log(`\n${i.kept ? 'KEEP' : 'drop'}  ${i.title}\n      ${i.link}\n${because}      ${explain(i.decision).split('\n').join('\n      ')}`);
  }
  return 0;
}
