/**
 * What the rules see of a story: title, summary, the lead of the content (only when it adds to the summary), and
 * the article's lead when the enrich stage read it (so `rules apply` decides stored stories on what poll decided on).
 *
 * The content is cut to its lead, as the article page is, and so is a summary longer than a lead (a feed that
 * puts the whole story in `<description>`): the rules and their weights were fitted to headlines and leads (the
 * labeled sets hold a feed's description or a story's first paragraph, none longer than about 500 characters),
 * and a full article (`content:encoded` of a WordPress analysis, a KCNA text) mentions Korea and China close
 * together somewhere in almost every long piece, so its deep paragraphs would add signs the labels never saw.
 * What a story is about is in its headline and lead.
 *
 * The headline is read without an aggregator's outlet suffix: Google News ends every title with " - " and the
 * publisher it names in `<source>` (Story.outlet), and " - Xinhua" or " - The Korea Herald" would otherwise be a
 * China or Korea sign in the headline of every story from that outlet. A summary that is only the headline again
 * (Google News's description: the headline, then the publisher) is read as none, as the labeled headline-only
 * items have none: the same words counted once in the headline and again in the body would be two signs.
 */
import { leadOf } from '../core/article';
import { outletsWith, withoutOutlet } from '../core/dedupe/title';
import { htmlToText } from '../core/sanitize';
import type { ClassifyInput } from '../core/rules/types';
import type { Story } from '../core/story';

export function classifyInput(s: Story, language?: string): ClassifyInput {
  const text = s.content ? htmlToText(s.content).trim() : '';
  const content = text ? leadOf(text) : undefined;
  // Many feeds put the same text in <description> and <content:encoded>; matching it twice adds noise only.
  // (The whole text too: a lead cut without a sentence end carries an ellipsis the summary has not.)
  const summary = s.summary.trim();
  const same = content !== undefined && (summary.startsWith(content) || summary.startsWith(text));
  const title = withoutOutlet(s.title, outletsWith(s.source.name, s.outlet));
  const input: ClassifyInput = { title, summary: isThin(s.title, s.summary) ? '' : leadOf(summary), content: same ? undefined : content, source: s.source.name, language: language ?? s.language };
  if (s.articleLead) input.article = s.articleLead;
  return input;
}

/** No summary, or a summary that is the headline again (give or take a few characters). */
export function isThin(title: string, summary: string): boolean {
  const norm = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '');
  const t = norm(title);
  const s = norm(summary);
  if (s.length === 0) return true;
  if (t.includes(s)) return true;
  return s.includes(t) && s.length - t.length < 20;
}
