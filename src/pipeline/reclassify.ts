/**
 * Apply changed rules to stored stories: re-classify every stored story (dropped ones too), rewrite those whose
 * decision changed (joining or leaving the timeline, TTL following the decision), and bump the feed version.
 */
import { classifyInput } from './classify-input';
import type { Classifier } from '../core/rules/types';
import type { StoryStore } from '../ports';
import type { Retention } from '../core/story';

export async function reclassifyAll(deps: { stories: StoryStore; classifier: Classifier; retention: Retention; now: Date }): Promise<{
  total: number; nowKept: number; nowDropped: number; unchanged: number;
}> {
  const out = { total: 0, nowKept: 0, nowDropped: 0, unchanged: 0 };
  const nowSec = Math.floor(deps.now.getTime() / 1000);
  for await (const s of deps.stories.all()) {
    out.total++;
    const decision = deps.classifier.classify(classifyInput(s));
    const same = decision.kept === s.decision.kept && decision.topics.join() === s.decision.topics.join() && decision.reason === s.decision.reason;
    if (same) {
      out.unchanged++;
      continue;
    }
    if (decision.kept !== s.decision.kept) {
      if (decision.kept) out.nowKept++;
      else out.nowDropped++;
    }
    // TTL counts from when the story was first seen, so re-applying rules never extends a story's life.
    const seenSec = Math.floor(Date.parse(s.firstSeen) / 1000) || nowSec;
    const days = decision.kept ? deps.retention.keptDays : deps.retention.droppedDays;
    await deps.stories.updateStory({ ...s, decision }, Math.max(seenSec + days * 86_400, nowSec + 3600));
  }
  if (out.total > out.unchanged) await deps.stories.bumpFeedVersion(deps.now.toISOString());
  return out;
}
