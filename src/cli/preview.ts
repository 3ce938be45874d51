/**
 * `wiresieve preview URL|PATH`: what the rules would do with each item of one feed, and why. Stores nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHttpFetcher } from '../adapters/http-fetcher';
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
  const feed = parseFeed(body, contentType, { source: { id: sourceIdFor(url), name: feedName(target), url }, now });
  const items = feed.stories.map((s) => {
    const decision = rules.classify(classifyInput(s, s.language ?? feed.language));
    return { id: s.id, title: s.title, link: s.link, published: s.published, kept: decision.kept, decision };
  });
  if (v.json) {
    console.log(JSON.stringify({ feed: { title: feed.title, link: feed.link, language: feed.language, items: items.length }, items }, null, 2));
    return 0;
  }
  console.log(`${feed.title ?? target} — ${items.length} items, ${items.filter((i) => i.kept).length} kept`);
  for (const i of items) {
    console.log(`\n${i.kept ? 'KEEP' : 'drop'}  ${i.title}\n      ${i.link}\n      ${explain(i.decision).split('\n').join('\n      ')}`);
  }
  return 0;
}

function feedName(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return target;
  }
}
