/**
 * Poll many sources with bounded concurrency and at most one request in flight per host (politeness: several
 * feeds of one outlet are fetched one after another). One source's failure or slowness never holds up another
 * beyond the worker it occupies; each source's own deadline bounds that.
 */
import type { SourceConfig } from '../core/source';
import { hostOf } from './dispatch';
import { errorMessage } from './error-message';
import { emptyResult, pollSource, type PollDeps, type SourceResult } from './poll-source';

export interface PollAllOptions {
  concurrency: number;
  onResult?: (r: SourceResult) => void;
}


export async function pollAll(deps: PollDeps, sources: SourceConfig[], opts: PollAllOptions): Promise<SourceResult[]> {
  const pending = [...sources];
  const busyHosts = new Set<string>();
  const results: SourceResult[] = [];
  let waiters: Array<() => void> = [];
  const wakeAll = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };

  const takeNext = (): SourceConfig | undefined => {
    const i = pending.findIndex((s) => !busyHosts.has(hostOf(s.url)));
    return i < 0 ? undefined : pending.splice(i, 1)[0];
  };

  const worker = async (): Promise<void> => {
    while (pending.length > 0) {
      const source = takeNext();
      if (!source) {
        // Every remaining source's host is busy: wait until a worker frees one.
        await new Promise<void>((r) => waiters.push(r));
        continue;
      }
      const host = hostOf(source.url);
      busyHosts.add(host);
      let r: SourceResult;
      try {
        r = await pollSource(deps, source);
      } catch (err) {
        // pollSource handles source errors itself; this is a store/infrastructure failure for this source.
        r = { ...emptyResult(source, 'error'), stage: 'store', error: errorMessage(err) };
        deps.logger.error('poll crashed', { sourceId: source.id, feedUrl: source.url, error: r.error });
      } finally {
        busyHosts.delete(host);
        wakeAll();
      }
      results.push(r);
      opts.onResult?.(r);
    }
    wakeAll();
  };

  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, sources.length)) }, worker));
  return results;
}
