/**
 * What the rules see of a story: title, summary, the content as text (only when it adds to the summary), and the
 * article's lead when the enrich stage read it (so `rules apply` decides stored stories on what poll decided on).
 */
import { htmlToText } from '../core/sanitize';
import type { ClassifyInput } from '../core/rules/types';
import type { Story } from '../core/story';

export function classifyInput(s: Story, language?: string): ClassifyInput {
  const content = s.content ? htmlToText(s.content).trim() : undefined;
  // Many feeds put the same text in <description> and <content:encoded>; matching it twice adds noise only.
  const same = content !== undefined && (content === s.summary.trim() || s.summary.trim().startsWith(content));
  const input: ClassifyInput = { title: s.title, summary: s.summary, content: same ? undefined : content, source: s.source.name, language: language ?? s.language };
  if (s.articleLead) input.article = s.articleLead;
  return input;
}
