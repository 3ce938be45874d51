/**
 * Dispatch: pick the sources that are due and enqueue one message per source. No fetching here. Due means:
 *   - never polled;
 *   - not gone (410), and its stored nextFetchAt has passed — which folds in backoff, Retry-After, <ttl> and
 *     Cache-Control;
 *   - and, for a healthy source on its poll grid (core/schedule.ts: nextFetchAt is one of its grid points), a
 *     grid point lies in this tick's window (since, now]: its unchanged polls write no new nextFetchAt, so the
 *     time alone says it is due again. Without `since` (a caller that keeps no ticks) a passed nextFetchAt is due.
 * Ticks that tile time (each window starting where the last ended) poll every grid point once.
 */
import { isGridPoint, lastGridPoint } from '../core/schedule';
import type { SourceConfig } from '../core/source';
import type { PollMessage, Queue, SourceState, SourceStore } from '../ports';
import { fetchRequestFor } from './fetch-request';

export function dueSources(configs: SourceConfig[], states: SourceState[], now: Date, since?: Date): SourceConfig[] {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  return configs.filter((c) => {
    if (!c.enabled) return false;
    const state = byId.get(c.id);
    if (isGone(c, state)) return false;
    if (state?.nextFetchAt === undefined) return true;
    const next = Date.parse(state.nextFetchAt);
    if (next > now.getTime()) return false;
    const grid = gridOf(c, state);
    if (grid === undefined || since === undefined) return true;
    return lastGridPoint(c.id, grid, now.getTime()) > since.getTime();
  });
}

/** The source's grid interval when its state puts it on its grid (healthy, nextFetchAt a grid point), else undefined. */
function gridOf(config: SourceConfig, state: SourceState): number | undefined {
  const interval = config.intervalMinutes * 60_000;
  return state.consecutiveFailures === 0 && isGridPoint(config.id, interval, Date.parse(state.nextFetchAt ?? '')) ? interval : undefined;
}

/** A source whose feed answered 410 Gone at its configured URL (a changed URL is a new chance). */
export function isGone(config: SourceConfig, state: SourceState | undefined): boolean {
  return state?.goneAt !== undefined && state.url === config.url;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return url;
  }
}

/**
 * One message per due source. Its group is the source's host (polled one at a time per host); its
 * deduplication id is the source plus the state that made it due, so a second dispatch before the poll has
 * run (an EventBridge retry, overlapping schedules) sends the same id and SQS drops the copy. It carries the
 * poll's conditional request, made from the state read here, so the poll sends it before reading the state.
 */
export function pollMessages(due: SourceConfig[], states: SourceState[], now?: Date): PollMessage[] {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  return due.map((s) => {
    const state = byId.get(s.id);
    const grid = state && now ? gridOf(s, state) : undefined;
    // On its grid, the grid point that came due (the stored nextFetchAt stays put between unchanged polls).
    const at = grid !== undefined ? new Date(lastGridPoint(s.id, grid, now!.getTime())).toISOString() : (state?.nextFetchAt ?? 'first');
    return {
      sourceId: s.id,
      group: hostOf(s.url).replace(/[^A-Za-z0-9.:_-]/g, '_').slice(0, 128),
      dedupeId: `${s.id}:${at}`.replace(/[^A-Za-z0-9.:_-]/g, '_').slice(0, 128),
      fetch: fetchRequestFor(state, s),
    };
  });
}

/** One tick: `since` is where the previous tick's window ended (see the header). */
export async function dispatch(
  deps: { sources: SourceStore; queue: Queue },
  configs: SourceConfig[],
  now: Date,
  since?: Date,
): Promise<{ due: number; total: number }> {
  const states = await deps.sources.list();
  const due = dueSources(configs, states, now, since);
  if (due.length > 0) await deps.queue.send(pollMessages(due, states, now));
  return { due: due.length, total: configs.filter((c) => c.enabled).length };
}
