/**
 * Dedupe / cluster stage: decides, for each new kept story, whether it is another outlet's copy of a story
 * already published in the recent window. (Issue "dedupe" deepens this; the first version links nothing.)
 */
import type { StoredStory } from '../core/story';

export interface ClusterPlan {
  /** The new story, with clusterId set when it joins an existing cluster. */
  story: StoredStory;
  /** The representative to update with an "also reported by" entry, when the story joined a cluster. */
  representative?: StoredStory;
}

export function planClusters(fresh: StoredStory[], _recent: StoredStory[]): ClusterPlan[] {
  return fresh.map((story) => ({ story }));
}
