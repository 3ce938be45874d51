/**
 * The feedback loop's first half (`wiresieve stories export`): stored stories, kept and dropped, as lines of the
 * labeled format that `rules check` and `rules tune` read. `relevant` is prefilled from the rules' decision and
 * the decision's reason sits beside it, so an operator only flips the labels the rules got wrong (and says why).
 *
 * Pure: the CLI reads the store and writes the lines.
 */
import type { LabeledItem } from '../core/rules';
import type { StoredStory } from '../core/story';
import { classifyInput } from './classify-input';

export interface ExportFilter {
  /** Only stories first seen at or after this instant (ISO-8601). */
  sinceIso?: string;
  /** Only the dropped stories (where the misses are). */
  droppedOnly?: boolean;
}

/** One labeled line: the text the rules saw, the decision as a label, and the decision's own explanation. */
export interface ExportedItem extends LabeledItem {
  content?: string;
  /** What the rules decided when the story was stored; `relevant` starts equal to it. */
  kept: boolean;
  score: number;
  reason: string;
}

export function selectForExport(story: StoredStory, filter: ExportFilter): boolean {
  if (filter.sinceIso && story.firstSeen < filter.sinceIso) return false;
  if (filter.droppedOnly && story.decision.kept) return false;
  return true;
}

export function toLabeledItem(story: StoredStory, exportedAt: string): ExportedItem {
  const seen = classifyInput(story);
  const item: ExportedItem = {
    id: story.id,
    // What the rules read (classify-input.ts), so `rules check` on the file decides as poll did.
    title: seen.title,
    summary: seen.summary,
    link: story.link,
    published: story.published,
    source: story.source.name,
    lang: story.language ?? 'und',
    relevant: story.decision.kept,
    why: '',
    origin: `wiresieve stories export ${exportedAt}`,
    kept: story.decision.kept,
    score: story.decision.score,
    reason: story.decision.reason,
  };
  if (seen.content) item.content = seen.content;
  return item;
}
