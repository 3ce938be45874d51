/**
 * Composition for `wiresieve preview`: one feed fetched with the guarded fetcher (or read from a file), parsed,
 * classified, and its thin items and close calls decided again on their article, as poll does. Stores nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createArticleReader } from '../adapters/article-reader';
import { createHttpFetcher } from '../adapters/http-fetcher';
import { sourceIdFor } from '../config';
import { parseFeed } from '../core/parse';
import type { CompiledRules } from '../core/rules';
import type { SourceConfig } from '../core/source';
import type { StoredStory } from '../core/story';
import { classifyInput } from '../pipeline/classify-input';
import { enrichStories } from '../pipeline/enrich';
import { ENRICH_MAX_MS } from '../pipeline/poll-source';
import { systemClock } from './poller';

export interface PreviewItem {
  id: string;
  title: string;
  link: string;
  published: string;
  kept: boolean;
  decision: StoredStory['decision'];
  /** The article's lead, when it was read, and whether it changed the decision (and what the feed alone gave). */
  article?: { lead: string; changed: boolean; before: string };
}

export interface Preview {
  feed: { title?: string; link?: string; language?: string };
  items: PreviewItem[];
  enriched: Awaited<ReturnType<typeof enrichStories>>;
}

export async function previewFeed(target: string, opts: { rules: CompiledRules; allowPrivateHosts: boolean; fullText: SourceConfig['fullText'] }): Promise<Preview> {
  const { rules } = opts;
  let body: Buffer;
  let contentType: string | undefined;
  let url = target;
  if (/^https?:\/\//i.test(target)) {
    const res = await createHttpFetcher({ allowPrivateHosts: opts.allowPrivateHosts }).fetch({ url: target });
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
  const src: SourceConfig = { id: sourceIdFor(url), name: feedName(target), url, intervalMinutes: 10, enabled: true, fullText: opts.fullText };
  const feed = parseFeed(body, contentType, { source: src, now });
  const stories: StoredStory[] = feed.stories.map((s) => {
    const language = s.language ?? feed.language;
    return { ...s, language, decision: rules.classify(classifyInput(s, language)), firstSeen: now.toISOString() };
  });
  // As poll does: thin items and close calls are decided again on their article (unless --full-text never).
  const before = stories.map((s) => s.decision);
  const articles = createArticleReader({ allowPrivateHosts: opts.allowPrivateHosts, clock: systemClock });
  const enriched = await enrichStories({ articles, classifier: rules, clock: systemClock }, stories.map((story) => ({ story, input: classifyInput(story, story.language) })), src, Date.now() + ENRICH_MAX_MS);
  const items = stories.map((s, n) => {
    const item: PreviewItem = { id: s.id, title: s.title, link: s.link, published: s.published, kept: s.decision.kept, decision: s.decision };
    if (s.articleLead) item.article = { lead: s.articleLead, changed: before[n]!.kept !== s.decision.kept, before: before[n]!.reason };
    return item;
  });
  return { feed: { title: feed.title, link: feed.link, language: feed.language }, items, enriched };
}

function feedName(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}
