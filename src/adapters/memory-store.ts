/**
 * In-memory StoryStore and SourceStore with the same semantics as the DynamoDB adapters (conditional create,
 * timeline of kept representatives newest first). Used by `wiresieve preview`, unit tests and benchmarks.
 */
import { settleAll } from '../core/settle-all';
import { timelineKey, type StoredStory } from '../core/story';
import type { ExistingStory, FeedVersion, PutOutcome, SourceState, SourceStore, StoryStore } from '../ports';

const onTimeline = (s: StoredStory): boolean => s.decision.kept && (s.clusterId === undefined || s.clusterId === s.id);

export class MemoryStoryStore implements StoryStore {
  readonly stories = new Map<string, { story: StoredStory; expiresAt: number }>();
  private version: FeedVersion = { version: 0 };
  writes = 0;

  async putStory(story: StoredStory, expiresAt: number): Promise<PutOutcome> {
    if (this.stories.has(story.id)) return 'duplicate';
    this.writes++;
    this.stories.set(story.id, { story: structuredClone(story), expiresAt });
    return 'created';
  }
  /** One at a time, each as putStory (and through it: a test that replaces putStory sees every write). */
  putStories(batch: ReadonlyArray<{ story: StoredStory; expiresAt: number }>): Promise<Array<PromiseSettledResult<PutOutcome>>> {
    return settleAll(batch, 1, ({ story, expiresAt }) => this.putStory(story, expiresAt));
  }
  async getStory(id: string): Promise<StoredStory | undefined> {
    const s = this.stories.get(id);
    return s ? structuredClone(s.story) : undefined;
  }
  async existing(ids: string[]): Promise<Map<string, ExistingStory>> {
    const out = new Map<string, ExistingStory>();
    for (const id of ids) {
      const s = this.stories.get(id)?.story;
      if (s) out.set(id, { firstSeen: s.firstSeen, kept: s.decision.kept });
    }
    return out;
  }
  async updateStory(story: StoredStory, expiresAt: number, expectedRev?: number): Promise<boolean> {
    const current = this.stories.get(story.id)?.story;
    if (expectedRev !== undefined && (current?.rev ?? 0) !== expectedRev) return false;
    this.writes++;
    this.stories.set(story.id, { story: { ...structuredClone(story), rev: (current?.rev ?? 0) + 1 }, expiresAt });
    return true;
  }
  private timeline(): StoredStory[] {
    return [...this.stories.values()]
      .map((v) => v.story)
      .filter(onTimeline)
      .sort((a, b) => (timelineKey(a) < timelineKey(b) ? 1 : -1));
  }
  async latest(limit: number, before?: string): Promise<StoredStory[]> {
    return this.timeline()
      .filter((s) => before === undefined || timelineKey(s) < before)
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }
  async after(from: string, limit: number): Promise<StoredStory[]> {
    return this.timeline()
      .filter((s) => timelineKey(s) >= from)
      .reverse()
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }
  async recent(sinceIso: string, limit: number): Promise<StoredStory[]> {
    return this.timeline()
      .filter((s) => timelineKey(s) >= sinceIso)
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }
  async *all(): AsyncIterable<StoredStory> {
    for (const v of this.stories.values()) yield structuredClone(v.story);
  }
  async feedVersion(): Promise<FeedVersion> {
    return { ...this.version };
  }

  async bumpFeedVersion(updatedAt: string, newestKey?: string): Promise<FeedVersion> {
    this.version = { version: this.version.version + 1, updatedAt, ...(newestKey ? { newestKey } : {}) };
    return { ...this.version };
  }
}

export class MemorySourceStore implements SourceStore {
  readonly states = new Map<string, SourceState>();
  async get(sourceId: string): Promise<SourceState | undefined> {
    const s = this.states.get(sourceId);
    return s ? { ...s } : undefined;
  }
  async put(state: SourceState): Promise<void> {
    this.states.set(state.sourceId, { ...state });
  }
  async list(): Promise<SourceState[]> {
    return [...this.states.values()].map((s) => ({ ...s }));
  }
}
