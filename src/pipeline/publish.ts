/**
 * Publish: render the whole site from one consistent read and write the objects whose bytes changed. The one
 * writer of the site (the `publish` Lambda on the table's stream and after each deploy; `serve` after each
 * polling round locally).
 *
 *   1. read the feed version, strongly consistent: it names the newest story its bump put on the timeline
 *   2. read the timeline (the eventually consistent index) as deep as the site needs (core/site.ts timelineDepth)
 *   3. if that story belongs in the read and is missing, the index has not caught up: throw TimelineLagError
 *      without writing anything (the stream retries the batch; locally the next round publishes) — no page
 *      ever lacks a story the version says exists, and nothing sleeps
 *   4. join copies of one story from several outlets (settle-clusters.ts): the polls only create stories, and this
 *      one writer, which sees all of them, makes a later copy part of the earliest one's "also reported by"
 *   5. render every route (core/site.ts), read the sources' health for /sources.json
 *   6. write through the SiteSink: only changed objects are written, so ETags follow the bytes; then delete the
 *      topic feeds of topics no longer in the rules (404 rather than a feed that silently never changes again)
 *   7. if a feed document changed, tell the notifier (WebSub ping), after the objects are there
 *
 * Scope `sources` (a polling round that changed no story) renders and writes /sources.json alone.
 */
import { renderSite, sourcesObject, timelineDepth, type SiteObject } from '../core/site';
import type { FeedSettings, SourceConfig } from '../core/source';
import { timelineKey, type StoredStory } from '../core/story';
import type { FeedNotifier, FeedVersion, Logger, SiteSink, SiteWriteResult, SourceStore, StoryStore } from '../ports';
import { errorMessage } from './error-message';
import { settleClusters } from './settle-clusters';
import { sourcesHealth } from './sources-health';

export interface PublishDeps {
  stories: StoryStore;
  sources: SourceStore;
  sink: SiteSink;
  settings: FeedSettings;
  sourceConfigs: SourceConfig[];
  topics: string[];
  logger: Logger;
  notifier?: FeedNotifier;
  now: () => Date;
}

export type PublishScope = 'site' | 'sources';

export interface PublishResult extends SiteWriteResult {
  version?: number;
  /** Stories read from the timeline. */
  read: number;
  /** Copies joined to an earlier story of another outlet in this run. */
  joined?: number;
}

/** The index lags behind the feed version: nothing was written; publish again (the stream retries). */
export class TimelineLagError extends Error {
  override name = 'TimelineLagError';
}

/** Longer than the timeline index ever lags behind the table (it is seconds); see checkSettled. */
const INDEX_LAG_MS = 10 * 60_000;
/** Timeline reads go in pages of this many stories, at most MAX_READ in all. */
const READ_PAGE = 500;
const MAX_READ = 5000;
/** Where the topic feeds are: every topic of the rules is rendered each time, so what else is there is stale. */
const TOPICS_PREFIX = 'topics/';
/** The documents whose change is worth a WebSub ping (the topics their `<link rel="hub">` names). */
const HUB_TOPICS = new Set(['feed.xml', 'feed.atom', 'feed.json']);

export async function publishSite(deps: PublishDeps, scope: PublishScope = 'site'): Promise<PublishResult> {
  const now = deps.now();
  if (scope === 'sources') {
    const out = await deps.sink.write([sourcesObject(await sourcesReport(deps))]);
    return { ...out, read: 0 };
  }
  const version = await deps.stories.feedVersion();
  const timeline = await readTimeline(deps.stories, now);
  checkSettled(version, timeline, now);
  const settled = await settleClusters(deps.stories, timeline.stories);
  for (const r of settled.refused ?? []) deps.logger.warn('publish: story not settled, left as it was', { storyId: r.id, error: r.error, stage: 'settle' });
  const { objects, skipped } = renderSite({
    settings: deps.settings,
    topics: deps.topics,
    sourceConfigs: deps.sourceConfigs,
    timeline: { stories: settled.timeline, complete: timeline.complete },
    sourcesReport: await sourcesReport(deps),
    versionUpdatedAt: version.updatedAt,
    now,
  });
  for (const s of skipped) deps.logger.warn('publish: item skipped', { storyId: s.id, reason: s.reason, stage: 'render' });
  const out = await deps.sink.write(objects);
  const deleted = await deps.sink.prune(TOPICS_PREFIX, new Set(objects.map((o) => o.key)));
  deps.logger.info('publish: site written', {
    version: version.version, joined: settled.joined, written: out.written.length, unchanged: out.unchanged.length, deleted: deleted.length,
  });
  if (deps.notifier && out.written.some((k) => HUB_TOPICS.has(k))) await notify(deps);
  return { ...out, deleted, version: version.version, read: timeline.stories.length, joined: settled.joined };
}

/** Every object of the site, rendered but not written (the bench and tests compare sinks with it). */
export type { SiteObject };

async function sourcesReport(deps: PublishDeps): Promise<unknown> {
  return sourcesHealth(deps.sourceConfigs, await deps.sources.list());
}

/** Newest first, until the read is as deep as the site needs, the timeline ends, or MAX_READ. */
async function readTimeline(stories: StoryStore, now: Date): Promise<{ stories: StoredStory[]; complete: boolean }> {
  const { sinceDay, minStories } = timelineDepth(now);
  const out: StoredStory[] = [];
  let before: string | undefined;
  while (out.length < MAX_READ) {
    const page = await stories.latest(READ_PAGE, before);
    out.push(...page);
    if (page.length < READ_PAGE) return { stories: out, complete: true };
    before = timelineKey(page[page.length - 1]!);
    if (out.length >= minStories && before.slice(0, 10) < sinceDay) break;
  }
  return { stories: out, complete: false };
}

/**
 * Step 3 of the header: the story the version names is in the read if it belongs there. Only for a recent bump:
 * the index catches up within seconds, so long after the bump a missing story has left the timeline (its TTL,
 * say) and waiting for it would block every publish until the next story.
 */
function checkSettled(version: FeedVersion, timeline: { stories: StoredStory[]; complete: boolean }, now: Date): void {
  const key = version.newestKey;
  if (!key) return;
  const bumped = Date.parse(version.updatedAt ?? '');
  if (!Number.isNaN(bumped) && now.getTime() - bumped > INDEX_LAG_MS) return;
  const oldest = timeline.stories[timeline.stories.length - 1];
  const belongs = timeline.complete || (oldest !== undefined && key >= timelineKey(oldest));
  if (belongs && !timeline.stories.some((s) => timelineKey(s) === key)) {
    throw new TimelineLagError(`publish: the timeline index lacks ${key}, which feed version ${version.version} added; not published`);
  }
}

async function notify(deps: PublishDeps): Promise<void> {
  try {
    await deps.notifier!.feedChanged();
  } catch (err) {
    // A ping is a courtesy: the site is written either way.
    deps.logger.warn('publish: feed notifier failed', { error: errorMessage(err) });
  }
}
