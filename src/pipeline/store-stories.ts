/**
 * Stages 5–7 of a poll: store the feed's new stories with conditional writes (together: one transaction) and bump
 * the feed version when the published timeline changed. A re-poll of an unchanged feed costs one batched read
 * and no writes; a poll with new stories costs, after the read of which are stored, the stories' write and the
 * bump. A poll only creates: every new kept story goes on the timeline unsettled, and copies of one story from
 * several outlets are joined by the one writer that sees them all, after the polls (settle-clusters.ts, run by
 * publish, which stores what clustering compares with each story it settles) — so a poll reads no window of
 * recent stories, compares nothing, and never races another poll on a shared story.
 */
import { timelineKey, type StoredStory } from '../core/story';
import { fitForStore } from '../core/story-limits';
import type { ExistingStory } from '../ports';
import { errorMessage, isItemRefusal } from './error-message';
import type { PollDeps, SourceResult } from './poll-source';

export async function storeStories(
  deps: PollDeps,
  classified: StoredStory[],
  now: Date,
  result: SourceResult,
  lastSuccessAt: string | undefined,
  /** What `existing` said of these ids (the poll asks while it classifies them). */
  stored: Map<string, ExistingStory>,
): Promise<void> {
  const day = 86_400;
  const nowSec = Math.floor(now.getTime() / 1000);
  const expires = (s: StoredStory): number => nowSec + day * (s.decision.kept ? deps.retention.keptDays : deps.retention.droppedDays);

  // Skip ids already stored: an unchanged feed costs reads, not writes.
  const unique = [...new Map(classified.map((s) => [s.id, s] as const)).values()]; // the same item twice in one feed
  const fresh = unique.filter((s) => !stored.has(s.id));
  result.duplicates += unique.length - fresh.length;
  // A kept story stored after this source's last successful poll was written by a poll that died before it
  // finished (e.g. a Lambda timeout); this retry must still bump the feed version so caches see the story.
  let timelineChanged = [...stored.values()].some((e) => e.kept && (lastSuccessAt === undefined || e.firstSeen > lastSuccessAt));
  // Kept ones go on the timeline unsettled (no clusterId): settle-clusters.ts joins copies across outlets.

  // 6. The new stories are created together (StoryStore.putStories: one DynamoDB transaction for a poll's
  // stories), each with its own outcome: one that cannot be stored (too big, refused as invalid by the store) is
  // reported and skipped while its siblings are stored. Any other store error (throttling beyond the SDK's
  // retries, the network) fails the poll once every write has settled; the poll then keeps the old validators,
  // so the retry fetches the whole feed again and writes what is missing (its `existing` read sees what landed).
  const writes: StoredStory[] = [];
  for (const story of fresh) {
    const fit = fitForStore(story);
    if (!fit.story) {
      failItem(result, fit.reason);
      continue;
    }
    if (fit.trimmed) warn(result, fit.trimmed);
    writes.push(fit.story);
  }
  const outcomes = writes.length ? await deps.stories.putStories(writes.map((story) => ({ story, expiresAt: expires(story) }))) : [];
  let failure: { error: unknown } | undefined;
  let newestKey: string | undefined; // of the stories this poll put on the timeline (see FeedVersion.newestKey)
  writes.forEach((story, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status === 'rejected') {
      if (!isItemRefusal(outcome.reason)) failure ??= { error: outcome.reason };
      else failItem(result, `story ${story.id} not stored: ${errorMessage(outcome.reason)}`);
      return;
    }
    if (outcome.value === 'duplicate') {
      result.duplicates++;
      return;
    }
    result.new++;
    if (!story.decision.kept) {
      result.dropped++;
      return;
    }
    result.kept++;
    timelineChanged = true;
    if (newestKey === undefined || timelineKey(story) > newestKey) newestKey = timelineKey(story);
  });
  if (failure) throw failure.error;
  // 7. version (its stream record starts publish, which joins copies across outlets, writes the site and pings
  //    the WebSub hub)
  if (timelineChanged) await deps.stories.bumpFeedVersion(now.toISOString(), newestKey);
}

/** Notes something trimmed or skipped on a poll that still succeeds (shown in the source's health). */
export function warn(result: SourceResult, message: string): void {
  (result.warnings ??= []).push(message);
}

function failItem(result: SourceResult, message: string): void {
  result.failed = (result.failed ?? 0) + 1;
  warn(result, message);
}
