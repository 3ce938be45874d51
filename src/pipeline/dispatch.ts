/**
 * Dispatch: pick the sources that are due (never polled, or their nextFetchAt has passed — nextFetchAt already
 * folds in the interval, backoff, Retry-After, <ttl> and Cache-Control) and enqueue one message per source.
 * No fetching here.
 */
import type { SourceConfig } from '../core/source';
import type { PollMessage, Queue, SourceState, SourceStore } from '../ports';

export function dueSources(configs: SourceConfig[], states: SourceState[], now: Date): SourceConfig[] {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  return configs.filter((c) => {
    if (!c.enabled) return false;
    if (isGone(c, byId.get(c.id))) return false;
    const next = byId.get(c.id)?.nextFetchAt;
    return next === undefined || Date.parse(next) <= now.getTime();
  });
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
 * run (an EventBridge retry, overlapping schedules) sends the same id and SQS drops the copy.
 */
export function pollMessages(due: SourceConfig[], states: SourceState[]): PollMessage[] {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  return due.map((s) => ({
    sourceId: s.id,
    group: hostOf(s.url).replace(/[^A-Za-z0-9.:_-]/g, '_').slice(0, 128),
    dedupeId: `${s.id}:${byId.get(s.id)?.nextFetchAt ?? 'first'}`.replace(/[^A-Za-z0-9.:_-]/g, '_').slice(0, 128),
  }));
}

export async function dispatch(
  deps: { sources: SourceStore; queue: Queue },
  configs: SourceConfig[],
  now: Date,
): Promise<{ due: number; total: number }> {
  const states = await deps.sources.list();
  const due = dueSources(configs, states, now);
  if (due.length > 0) await deps.queue.send(pollMessages(due, states));
  return { due: due.length, total: configs.filter((c) => c.enabled).length };
}
