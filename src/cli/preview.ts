/**
 * `wiresieve preview URL|PATH [--full-text auto|always|never]`: what the rules would do with each item of one feed,
 * and why — thin items and close calls decided on their article as poll does, saying which decisions it changed.
 * Stores nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createArticleReader } from '../adapters/article-reader';
import { createHttpFetcher } from '../adapters/http-fetcher';
import type { SourceConfig } from '../core/source';
import type { StoredStory } from '../core/story';
import { enrichStories } from '../pipeline/enrich';
import { ENRICH_MAX_MS } from '../pipeline/poll-source';
import { systemClock } from '../services/poller';
import { sourceIdFor } from '../config';
import { parseFeed } from '../core/parse';
import { explain } from '../core/rules';
import { classifyInput } from '../pipeline/classify-input';
import { loadRules } from '../services/config-files';
import type { CliValues } from './main';

export async function previewCommand(target: string, v: CliValues): Promise<number> {
  const rules = loadRules(v.rules);
  const isUrl = /^https?:\/\//i.test(target);
  let body: Buffer;
  let contentType: string | undefined;
  let url = target;
  if (isUrl) {
    const res = await createHttpFetcher({ allowPrivateHosts: v['allow-private-hosts'] }).fetch({ url: target });
    if (res.status !== 'ok') throw new Error(`preview: unexpected ${res.httpStatus}`);
    body = res.body;
    contentType = res.contentType;
    url = res.finalUrl;
  } else {
    const path = resolve(target);
    body = readFileSync(path);
    url = `file://${path}`;
  }
  const now = new Date();
  const src: SourceConfig = { id: sourceIdFor(url), name: feedName(target), url, intervalMinutes: 10, enabled: true, fullText: v['full-text'] as SourceConfig['fullText'] };
  const feed = parseFeed(body, contentType, { source: src, now });
  const stories: StoredStory[] = feed.stories.map((s) => {
    const language = s.language ?? feed.language;
    return { ...s, language, decision: rules.classify(classifyInput(s, language)), firstSeen: now.toISOString() };
  });
  // As poll does: thin items and close calls are decided again on their article (unless --full-text never).
  const before = stories.map((s) => s.decision);
  const articles = createArticleReader({ allowPrivateHosts: v['allow-private-hosts'], clock: systemClock });
  const enriched = await enrichStories({ articles, classifier: rules, clock: systemClock }, stories.map((story) => ({ story, input: classifyInput(story, story.language) })), src, Date.now() + ENRICH_MAX_MS);
  const items = stories.map((s, n) => {
    const item: PreviewItem = { id: s.id, title: s.title, link: s.link, published: s.published, kept: s.decision.kept, decision: s.decision };
    if (s.articleLead) item.article = { lead: s.articleLead, changed: before[n]!.kept !== s.decision.kept, before: before[n]!.reason };
    return item;
  });
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

interface PreviewItem {
  id: string;
  title: string;
  link: string;
  published: string;
  kept: boolean;
  decision: StoredStory['decision'];
  /** The article's lead, when it was read, and whether it changed the decision (and what the feed alone gave). */
  article?: { lead: string; changed: boolean; before: string };
}

function feedName(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}
