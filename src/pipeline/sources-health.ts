/**
 * Source health as operators see it (`/sources.json`, and reusable by `wiresieve sources`): every configured
 * source merged with its stored state. A source that was never polled is `pending`; one whose last poll failed
 * is `failing` (with the error and the time of the next attempt); a disabled one is `disabled`; one whose feed
 * answered 410 Gone is `gone` (polled no more). `effectiveUrl` is where a permanently redirected feed is polled.
 * A healthy source on its poll grid keeps its stored state while nothing changes (pipeline/poll-source.ts), so
 * with `now` its next attempt is its next grid point, and its last success is at most STATE_HEARTBEAT_MS old.
 */
import { isGridPoint, nextGridPoint } from '../core/schedule';
import type { SourceConfig } from '../core/source';
import type { SourceState } from '../ports';

export type SourceStatus = 'ok' | 'failing' | 'pending' | 'disabled' | 'gone';

export interface SourceHealth {
  id: string;
  name: string;
  url: string;
  /** Where the feed is polled after a permanent redirect, when that differs from `url`. */
  effectiveUrl?: string;
  enabled: boolean;
  status: SourceStatus;
  /** When the feed answered 410 Gone. */
  goneAt?: string;
  lastFetchedAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  lastErrorAt?: string;
  /** What the last successful poll trimmed or skipped (too many items, a story too big to store). */
  lastWarning?: string;
  lastWarningAt?: string;
  lastStatus?: number;
  consecutiveFailures: number;
  nextFetchAt?: string;
  itemsSeen: number;
  itemsKept: number;
}

export interface SourcesReport {
  summary: Record<SourceStatus, number> & { total: number };
  sources: SourceHealth[];
}

export function sourcesHealth(configs: SourceConfig[], states: SourceState[], now?: Date): SourcesReport {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  const byUrl = new Map(states.map((s) => [s.url, s]));
  const sources = configs.map((c): SourceHealth => {
    const st = byId.get(c.id) ?? byUrl.get(c.url);
    const polled = Boolean(st && (st.lastFetchedAt || st.lastSuccessAt || st.lastErrorAt));
    const current = st && st.url === c.url ? st : undefined;
    const status: SourceStatus = !c.enabled
      ? 'disabled'
      : current?.goneAt
        ? 'gone'
        : !polled
          ? 'pending'
          : (st?.consecutiveFailures ?? 0) > 0
            ? 'failing'
            : 'ok';
    return {
      id: c.id,
      name: c.name,
      url: c.url,
      ...(current?.effectiveUrl && current.effectiveUrl !== c.url ? { effectiveUrl: current.effectiveUrl } : {}),
      enabled: c.enabled,
      status,
      ...(current?.goneAt ? { goneAt: current.goneAt } : {}),
      lastFetchedAt: st?.lastFetchedAt,
      lastSuccessAt: st?.lastSuccessAt,
      lastError: st?.lastError,
      lastErrorAt: st?.lastErrorAt,
      ...(st?.lastWarning ? { lastWarning: st.lastWarning, lastWarningAt: st.lastWarningAt } : {}),
      lastStatus: st?.lastStatus,
      consecutiveFailures: st?.consecutiveFailures ?? 0,
      nextFetchAt: st && now ? nextAttempt(c, st, now) : st?.nextFetchAt,
      itemsSeen: st?.itemsSeen ?? 0,
      itemsKept: st?.itemsKept ?? 0,
    };
  });
  const summary = { total: sources.length, ok: 0, failing: 0, pending: 0, disabled: 0, gone: 0 };
  for (const s of sources) summary[s.status]++;
  return { summary, sources };
}

/** The stored next attempt, or for a healthy source on its grid whose stored grid point has passed, the next one. */
function nextAttempt(config: SourceConfig, state: SourceState, now: Date): string | undefined {
  const interval = config.intervalMinutes * 60_000;
  const stored = Date.parse(state.nextFetchAt ?? '');
  if (state.consecutiveFailures !== 0 || !isGridPoint(config.id, interval, stored) || stored > now.getTime()) return state.nextFetchAt;
  return new Date(nextGridPoint(config.id, interval, now.getTime())).toISOString();
}
