/**
 * The enrich stage (between classify and store): for a new item whose feed text is thin — no summary, or one that
 * says nothing the headline does not — or whose score lands close to the threshold, read the article page and
 * decide again on title + summary + the article's lead (the rules' field `article`; `body:` includes it).
 *
 * Bounded: at most the source's `articlesPerPoll` pages (thin items first, then the closest calls), a few at a
 * time (one at a time per host, in the reader), each bounded by the time left before the poll's deadline. A page
 * that cannot be read costs its item nothing: the item is decided on what the feed gave, and the failure is
 * reported in the source's health. Only the lead is kept (`articleLead`), not the page; with `publishLead` it
 * becomes the published summary.
 */
import type { Classifier, ClassifyInput } from '../core/rules/types';
import { DEFAULT_ARTICLES_PER_POLL, type SourceConfig } from '../core/source';
import type { Decision, StoredStory } from '../core/story';
import { hasPublishableLink, publishableDecision } from '../core/story-limits';
import type { ArticleReader, Clock } from '../ports';
import { isThin } from './classify-input';

/** Points from the threshold within which a decision is a close call worth the article. */
export const NEAR_MARGIN = 1;
/** Article reads in flight at once for one poll (hosts differ: Google News items link to many outlets). */
const PARALLEL = 4;
/** A read is not started with less time than this before the deadline. */
const MIN_READ_MS = 1_500;
/** Problems reported per poll; the rest are counted. */
const MAX_PROBLEMS = 5;

export interface EnrichDeps {
  articles?: ArticleReader;
  classifier: Classifier;
  clock: Clock;
}

export interface EnrichItem {
  story: StoredStory;
  input: ClassifyInput;
}

export interface EnrichOutcome {
  /** Pages read (from the network or the reader's cache). */
  read: number;
  /** Decisions that changed (kept ↔ dropped) because of the article. */
  changed: number;
  /** One line per page that could not be read, or per item left unread for want of budget or time. */
  problems: string[];
}

/** Why an item would be worth its article, or undefined. */
export function enrichReason(story: StoredStory, decision: Decision, threshold: number | undefined, mode: SourceConfig['fullText']): 'thin' | 'close' | 'always' | undefined {
  if (mode === 'never' || !hasPublishableLink(story)) return undefined;
  if (mode === 'always') return 'always';
  if (isThin(story.title, story.summary)) return 'thin';
  if (threshold !== undefined && !decision.reason.startsWith('dropped by rule') && Math.abs(decision.score - threshold) < NEAR_MARGIN) return 'close';
  return undefined;
}

export async function enrichStories(deps: EnrichDeps, items: EnrichItem[], source: SourceConfig, deadline: number): Promise<EnrichOutcome> {
  const out: EnrichOutcome = { read: 0, changed: 0, problems: [] };
  if (!deps.articles || source.fullText === 'never') return out;
  const threshold = deps.classifier.threshold;
  const ranked = items
    .map((item, i) => ({ item, i, why: enrichReason(item.story, item.story.decision, threshold, source.fullText ?? 'auto') }))
    .filter((c) => c.why !== undefined)
    .sort((a, b) => rank(a, threshold) - rank(b, threshold) || a.i - b.i);
  const budget = source.articlesPerPoll ?? DEFAULT_ARTICLES_PER_POLL;
  const chosen = ranked.slice(0, budget);
  if (ranked.length > chosen.length) out.problems.push(`${ranked.length - chosen.length} thin or close items not read: the budget is ${budget} articles per poll`);

  const reader = deps.articles;
  let next = 0;
  let outOfTime = 0;
  const worker = async (): Promise<void> => {
    while (next < chosen.length) {
      const { item } = chosen[next++]!;
      const left = deadline - deps.clock.now().getTime();
      if (left < MIN_READ_MS) {
        outOfTime++;
        continue;
      }
      const read = await reader.read(item.story.link, { deadline: deadline - 500 });
      if (read.status === 'failed') {
        out.problems.push(`article ${item.story.link}: ${read.error}`);
        continue;
      }
      out.read++;
      const before = item.story.decision;
      const input: ClassifyInput = { ...item.input, article: read.lead };
      const decision = publishableDecision(item.story, deps.classifier.classify(input));
      if (decision.kept !== before.kept) out.changed++;
      item.input = input;
      item.story.decision = decision;
      item.story.articleLead = read.lead;
      if (source.publishLead) item.story.summary = read.lead;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chosen.length) }, worker));
  if (outOfTime) out.problems.push(`${outOfTime} articles not read: the poll's deadline was near`);
  // A site that blocks every page would fill the source's health with one line per item: keep the first few.
  if (out.problems.length > MAX_PROBLEMS) out.problems = [...out.problems.slice(0, MAX_PROBLEMS), `… and ${out.problems.length - MAX_PROBLEMS} more articles not read`];
  return out;
}

/** Thin items first, then close calls by closeness, then the rest ('always'). */
function rank(c: { item: EnrichItem; why: 'thin' | 'close' | 'always' | undefined }, threshold: number | undefined): number {
  if (c.why === 'thin') return 0;
  if (c.why === 'close') return 1 + Math.abs(c.item.story.decision.score - (threshold ?? 0)) / (NEAR_MARGIN * 10);
  return 2;
}
