/**
 * Poll one source, end to end, as a numbered list of stages (see DESIGN.md "Data flow"):
 *   1. load the source's state (validators, failures)
 *   2. fetch (conditional GET; 304 = nothing new) — with the poll message's request, sent before step 1
 *   3. decode + parse + normalize into Story[]
 *   4. classify every story with the compiled rules (dates clamped, unpublishable stories dropped)
 *   4b. enrich: read the article page of new thin items and close calls, and decide again (enrich.ts)
 *   5. (no clustering here: kept stories are stored unsettled, and publish joins copies across outlets after
 *      the polls, settle-clusters.ts)
 *   6. store each story with a conditional write (a re-poll writes nothing twice)
 *   7. bump the feed version if the timeline changed (publish joins copies and renders the site from it)
 *   8. save the source's state: validators, health, counters, next attempt (not written when a healthy poll
 *      changed nothing but the times: the source's poll grid says when it is due next)
 * It never throws for a bad source: every failure becomes that source's result and state.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { parseFeed } from '../core/parse';
import { clampPublished, publishableDecision } from '../core/story-limits';
import { enrichStories } from './enrich';
import { gridInterval, isGridPoint, nextFetchAt, nextGridPoint } from '../core/schedule';
import type { Classifier, ClassifyInput } from '../core/rules/types';
import type { SourceConfig } from '../core/source';
import type { Retention, StoredStory } from '../core/story';
import type { ArticleReader, Clock, Fetcher, FetchHint, Logger, SourceState, SourceStore, StoryStore } from '../ports';
import { classifyInput } from './classify-input';
import { errorMessage } from './error-message';
import { fetchRequestFor } from './fetch-request';
import { storeStories, warn } from './store-stories';

export interface PollDeps {
  fetcher: Fetcher;
  stories: StoryStore;
  sources: SourceStore;
  classifier: Classifier;
  clock: Clock;
  logger: Logger;
  /** Random source for backoff jitter, in [0, 1). */
  random: () => number;
  retention: Retention;
  /** Reads article pages for thin items (the enrich stage); without it, items are decided on the feed alone. */
  articles?: ArticleReader;
  /** When this poll must be done (epoch ms; e.g. the Lambda's remaining time); default ENRICH_MAX_MS after start. */
  deadline?: () => number;
}

/** Time the enrich stage may take when the caller sets no deadline. */
export const ENRICH_MAX_MS = 20_000;

export interface SourceResult {
  sourceId: string;
  name: string;
  url: string;
  status: 'ok' | 'not-modified' | 'error';
  httpStatus?: number;
  /** Items in the feed. */
  fetched: number;
  /** Stories written for the first time. */
  new: number;
  /** Of the new stories, how many the rules kept. */
  kept: number;
  dropped: number;
  duplicates: number;
  error?: string;
  /** What was trimmed or skipped while the poll still succeeded (too many items, an item too big to store). */
  warnings?: string[];
  /** Items that could not be stored (each reported in warnings; their siblings were stored). */
  failed?: number;
  /** Article pages read for thin items and close calls, and the decisions they changed. */
  articlesRead?: number;
  decidedByArticle?: number;
  stage?: 'fetch' | 'parse' | 'store';
  durationMs: number;
  nextFetchAt?: string;
}

/** Longest stretch of classification between two turns of the event loop. */
const SLICE_MS = 20;

/** A result with nothing counted yet. */
export function emptyResult(source: SourceConfig, status: SourceResult['status'] = 'ok'): SourceResult {
  return {
    sourceId: source.id, name: source.name, url: source.url, status,
    fetched: 0, new: 0, kept: 0, dropped: 0, duplicates: 0, durationMs: 0,
  };
}

export async function pollSource(deps: PollDeps, source: SourceConfig, hint?: FetchHint): Promise<SourceResult> {
  const started = deps.clock.now();
  const result = emptyResult(source);
  // 1.–2. state, then fetch; with the request dispatch made from the state (the poll message's), the fetch goes
  // out first and the state is read while the feed answers. A failure surfaces where it is awaited, in step 2.
  const early = hint?.for === source.url ? hint : undefined;
  const fetching = early && deps.fetcher.fetch({ url: early.url, etag: early.etag, lastModified: early.lastModified });
  fetching?.catch(() => undefined); // (awaited below; this only keeps it from counting as unhandled meanwhile)
  const prev = await deps.sources.get(source.id);
  const request = early ?? fetchRequestFor(prev, source);
  // A copy: step 8 compares it with what is stored.
  const state: SourceState = prev ? structuredClone(prev) : { sourceId: source.id, url: source.url, name: source.name, consecutiveFailures: 0, itemsSeen: 0, itemsKept: 0 };
  if (state.url !== source.url) {
    // The operator changed the URL: what was learnt about the old one (a move, a 410) no longer applies.
    delete state.effectiveUrl;
    delete state.goneAt;
  }
  state.url = source.url;
  state.name = source.name;
  const { url } = request;
  state.lastFetchedAt = started.toISOString();

  let ttlMinutes: number | undefined;
  let cacheControl: string | undefined;
  let retryAfterMs: number | undefined;
  let stage: SourceResult['stage'] = 'fetch';
  try {
    // 2. fetch
    const res = await (fetching ?? deps.fetcher.fetch({ url, etag: request.etag, lastModified: request.lastModified }));
    result.httpStatus = res.httpStatus;
    // 301/308 (RFC 9110 §15.4.2): the feed moved for good; poll it there from now on (`sources` shows it).
    if (res.permanentUrl !== undefined && res.permanentUrl !== url) {
      state.effectiveUrl = res.permanentUrl;
      deps.logger.info('feed moved permanently', { sourceId: source.id, from: url, to: res.permanentUrl });
    }
    state.lastStatus = res.httpStatus;
    cacheControl = res.cacheControl;
    // Always keep the newest validators (RFC 9110 §13.1; a 304 may carry updated ones).
    if (res.etag !== undefined) state.etag = res.etag;
    if (res.lastModified !== undefined) state.lastModified = res.lastModified;
    if (res.status === 'not-modified') {
      result.status = 'not-modified';
    } else {
      // 3. parse
      stage = 'parse';
      const feed = parseFeed(res.body, res.contentType, { source: { id: source.id, name: source.name, url: source.url }, now: started, baseUrl: res.finalUrl });
      ttlMinutes = feed.ttlMinutes;
      result.fetched = feed.stories.length;
      if (feed.itemsOverLimit) {
        const { total, removed } = feed.itemsOverLimit;
        warn(result, `the feed has ${total} items, more than the limit of ${total - removed}: kept the newest ${total - removed}`);
      }
      // Which of these stories are stored already (4b and 6 need it): asked now, answered while they are classified
      // (the ids are the feed's; classification keeps them). A failure surfaces where it is awaited, below.
      const knownRead = deps.stories.existing([...new Set(feed.stories.map((s) => s.id))]);
      knownRead.catch(() => undefined); // (awaited below; this only keeps it from counting as unhandled meanwhile)
      // 4. classify (dates clamped to the window around first sight; no http(s) link, no place on the timeline)
      const firstSeen = started.toISOString();
      // Parsing the biggest allowed feed takes a few hundred ms and classifying its items as much again:
      // between the two, and every SLICE_MS while classifying, the event loop gets a turn, so the process that
      // also serves readers (local mode) keeps answering.
      await yieldToEventLoop();
      const classified: StoredStory[] = [];
      const inputs: ClassifyInput[] = [];
      let slice = performance.now();
      for (const raw of feed.stories) {
        const s = clampPublished(raw, started);
        const language = s.language ?? feed.language ?? source.language;
        const input = classifyInput(s, language);
        const decision = publishableDecision(s, deps.classifier.classify(input));
        classified.push({ ...s, language, decision, firstSeen });
        inputs.push(input);
        if (performance.now() - slice > SLICE_MS) {
          await yieldToEventLoop();
          slice = performance.now();
        }
      }
      // 4b. enrich: new thin items and close calls are decided again with their article's lead
      const known = await knownRead;
      if (deps.articles && source.fullText !== 'never') {
        const fresh = classified.map((story, i) => ({ story, input: inputs[i]! })).filter(({ story }) => !known.has(story.id));
        const deadline = Math.min(deps.deadline?.() ?? Infinity, started.getTime() + ENRICH_MAX_MS);
        const enriched = await enrichStories({ articles: deps.articles, classifier: deps.classifier, clock: deps.clock }, fresh, source, deadline);
        result.articlesRead = enriched.read;
        result.decidedByArticle = enriched.changed;
        for (const p of enriched.problems) warn(result, p);
      }
      // 5.–6. store
      stage = 'store';
      await storeStories(deps, classified, started, result, prev?.lastSuccessAt, known);
      state.itemsSeen += result.new;
      state.itemsKept += result.kept;
    }
    state.lastSuccessAt = started.toISOString();
    state.consecutiveFailures = 0;
    delete state.lastError;
    if (result.warnings?.length) {
      state.lastWarning = result.warnings.join('; ').slice(0, 2000);
      state.lastWarningAt = started.toISOString();
    } else {
      delete state.lastWarning;
      delete state.lastWarningAt;
    }
  } catch (err) {
    result.status = 'error';
    result.stage = stage;
    result.error = errorMessage(err);
    retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
    const httpStatus = (err as { httpStatus?: number }).httpStatus;
    if (httpStatus !== undefined) result.httpStatus = state.lastStatus = httpStatus;
    // 410 Gone (RFC 9110 §15.5.11): the feed was removed on purpose; stop polling it until the operator acts.
    if (httpStatus === 410 && stage === 'fetch') {
      state.goneAt = started.toISOString();
      result.error = `${result.error} — the feed is gone: no longer polled (change its url in the sources file, or remove it)`;
    }
    if (stage === 'store') {
      // The feed was fetched but its stories not all stored: forget the new validators, or the retry would get
      // a 304 and never store the rest.
      state.etag = prev?.etag;
      state.lastModified = prev?.lastModified;
    }
    state.consecutiveFailures += 1;
    state.lastError = result.error;
    state.lastErrorAt = started.toISOString();
    deps.logger.warn('poll failed', { sourceId: source.id, feedUrl: source.url, stage, error: result.error });
  }
  // 8. state: a healthy source goes on its poll grid (core/schedule.ts); the state is written only when it says
  //    something new (see stateChanged), so polling an unchanged feed writes nothing.
  const schedule = { intervalMs: source.intervalMinutes * 60_000, consecutiveFailures: state.consecutiveFailures, retryAfterMs, ttlMinutes, cacheControl };
  const grid = gridInterval(schedule);
  const next = grid ? new Date(nextGridPoint(source.id, grid, started.getTime())) : nextFetchAt({ ...schedule, now: started, random: deps.random() });
  state.nextFetchAt = next.toISOString();
  result.nextFetchAt = state.nextFetchAt;
  if (!prev || grid === undefined || stateChanged(prev, state, source, grid, started)) await deps.sources.put(state);
  result.durationMs = deps.clock.now().getTime() - started.getTime();
  return result;
}

/** A healthy source's state is written again at least this often, so its health shows a recent success. */
export const STATE_HEARTBEAT_MS = 6 * 3_600_000;
/** Fields every poll moves; the state is not written for them alone (within STATE_HEARTBEAT_MS). */
const MOVING = new Set(['lastFetchedAt', 'lastSuccessAt', 'nextFetchAt']);

/**
 * Whether a healthy poll's state differs from the stored one in more than the times every poll moves: validators,
 * counters, status, errors, warnings, a move. Also true when the stored state was not on this grid (then
 * dispatch needs the new nextFetchAt) or its success is older than STATE_HEARTBEAT_MS.
 */
function stateChanged(prev: SourceState, next: SourceState, source: SourceConfig, grid: number, now: Date): boolean {
  if (prev.consecutiveFailures !== 0 || !isGridPoint(source.id, grid, Date.parse(prev.nextFetchAt ?? ''))) return true;
  if (!prev.lastSuccessAt || now.getTime() - Date.parse(prev.lastSuccessAt) >= STATE_HEARTBEAT_MS) return true;
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const k of keys) {
    if (MOVING.has(k)) continue;
    if (JSON.stringify(prev[k as keyof SourceState]) !== JSON.stringify(next[k as keyof SourceState])) return true;
  }
  return false;
}
