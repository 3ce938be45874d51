/**
 * Dispatch: pick the sources that are due (never polled, or their nextFetchAt has passed — nextFetchAt already
 * folds in the interval, backoff, Retry-After, <ttl> and Cache-Control) and enqueue one message per source.
 * No fetching here.
 */
import type { SourceConfig } from '../core/source';
import type { Queue, SourceState, SourceStore } from '../ports';

export function dueSources(configs: SourceConfig[], states: SourceState[], now: Date): SourceConfig[] {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  return configs.filter((c) => {
    if (!c.enabled) return false;
    const next = byId.get(c.id)?.nextFetchAt;
    return next === undefined || Date.parse(next) <= now.getTime();
  });
}

export async function dispatch(
  deps: { sources: SourceStore; queue: Queue },
  configs: SourceConfig[],
  now: Date,
): Promise<{ due: number; total: number }> {
  const due = dueSources(configs, await deps.sources.list(), now);
  if (due.length > 0) await deps.queue.send(due.map((s) => ({ sourceId: s.id })));
  return { due: due.length, total: configs.filter((c) => c.enabled).length };
}
