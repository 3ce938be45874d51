/**
 * Limits on a story between parse and store (issue: one item, one feed or one crash never costs anything else).
 *
 * - Dates: a feed's date is clamped to [first seen − PAST_WINDOW, first seen + FUTURE_SKEW]. Items dated in 2100
 *   cannot hold the top of the timeline (or fill it and push every real story out), and a years-old item seen
 *   for the first time today sorts at the bottom of the window. The feed's own date is kept as `publishedInFeed`.
 * - Links: a story without an http(s) link has nothing for a reader to open; it is stored as dropped and never
 *   reaches the timeline, so it cannot take a slot from a story that can be published.
 * - Size: the stored record stays well under DynamoDB's 400 KB item limit: first the evidence list is shortened,
 *   then the article HTML dropped (the summary stays), and a story still too big is not stored (reported).
 *
 * Pure: the clock is the caller's first-seen time.
 */
import type { Decision, Story, StoredStory } from './story';

export const PAST_WINDOW_DAYS = 30;
export const FUTURE_SKEW_MINUTES = 15;
/** Bytes of the stored JSON a story may take (DynamoDB allows 400 KB per item, attribute names included). */
export const STORED_MAX_BYTES = 300 * 1024;

export function clampPublished<T extends Story>(story: T, firstSeen: Date): T {
  const t = Date.parse(story.published);
  const min = firstSeen.getTime() - PAST_WINDOW_DAYS * 86_400_000;
  const max = firstSeen.getTime() + FUTURE_SKEW_MINUTES * 60_000;
  if (Number.isFinite(t) && t >= min && t <= max) return story;
  const clamped = Number.isFinite(t) ? Math.min(Math.max(t, min), max) : firstSeen.getTime();
  return { ...story, published: new Date(clamped).toISOString(), publishedInFeed: story.published };
}

/** True when a reader can open the story: an absolute http(s) link. */
export function hasPublishableLink(story: Story): boolean {
  return /^https?:\/\/[^/\s]/i.test(story.link);
}

/** The decision, unless the story cannot be published: then dropped, saying why (the rules' reason kept). */
export function publishableDecision(story: Story, decision: Decision): Decision {
  if (!decision.kept || hasPublishableLink(story)) return decision;
  return { ...decision, kept: false, topics: [], reason: `dropped: no http(s) link to publish (${decision.reason})` };
}

export type FitResult = { story: StoredStory; trimmed?: string } | { story?: undefined; reason: string };

/** The story as it may be stored: as it is, or shortened (saying what went), or nothing (saying why). */
export function fitForStore(story: StoredStory, maxBytes = STORED_MAX_BYTES): FitResult {
  const size = (s: StoredStory): number => Buffer.byteLength(JSON.stringify(s), 'utf8');
  if (size(story) <= maxBytes) return { story };
  let fitted: StoredStory = { ...story, decision: { ...story.decision, matches: story.decision.matches.slice(0, 32) } };
  const cuts: string[] = [];
  if (fitted.decision.matches.length < story.decision.matches.length) cuts.push('evidence shortened');
  if (size(fitted) > maxBytes && fitted.content !== undefined) {
    fitted = { ...fitted, content: undefined };
    cuts.push('article HTML dropped');
  }
  const bytes = size(fitted);
  if (bytes > maxBytes) return { reason: `story ${story.id} is ${bytes} bytes stored, more than ${maxBytes} even without its article HTML` };
  return { story: fitted, trimmed: `story ${story.id} was ${size(story)} bytes: ${cuts.join(', ')}` };
}
