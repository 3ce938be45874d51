/**
 * Source health as operators see it (`/sources.json`, and reusable by `wiresieve sources`): every configured
 * source merged with its stored state. A source that was never polled is `pending`; one whose last poll failed
 * is `failing` (with the error and the time of the next attempt); a disabled one is `disabled`.
 */
import type { SourceConfig } from '../core/source';
import type { SourceState } from '../ports';

export type SourceStatus = 'ok' | 'failing' | 'pending' | 'disabled';

export interface SourceHealth {
  id: string;
  name: string;
  url: string;
  enabled: boolean;
  status: SourceStatus;
  lastFetchedAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  lastErrorAt?: string;
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

export function sourcesHealth(configs: SourceConfig[], states: SourceState[]): SourcesReport {
  const byId = new Map(states.map((s) => [s.sourceId, s]));
  const byUrl = new Map(states.map((s) => [s.url, s]));
  const sources = configs.map((c): SourceHealth => {
    const st = byId.get(c.id) ?? byUrl.get(c.url);
    const polled = Boolean(st && (st.lastFetchedAt || st.lastSuccessAt || st.lastErrorAt));
    const status: SourceStatus =
      !c.enabled ? 'disabled' : !polled ? 'pending' : (st?.consecutiveFailures ?? 0) > 0 ? 'failing' : 'ok';
    return {
      id: c.id,
      name: c.name,
      url: c.url,
      enabled: c.enabled,
      status,
      lastFetchedAt: st?.lastFetchedAt,
      lastSuccessAt: st?.lastSuccessAt,
      lastError: st?.lastError,
      lastErrorAt: st?.lastErrorAt,
      lastStatus: st?.lastStatus,
      consecutiveFailures: st?.consecutiveFailures ?? 0,
      nextFetchAt: st?.nextFetchAt,
      itemsSeen: st?.itemsSeen ?? 0,
      itemsKept: st?.itemsKept ?? 0,
    };
  });
  const summary = { total: sources.length, ok: 0, failing: 0, pending: 0, disabled: 0 };
  for (const s of sources) summary[s.status]++;
  return { summary, sources };
}
