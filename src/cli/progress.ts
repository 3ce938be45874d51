/** One progress line per polled source: fetched / new / kept, or the error and when it is tried again. */
import type { SourceResult } from '../pipeline/poll-source';

export function progressLine(r: SourceResult): string {
  const head = `[${r.name}]`;
  if (r.status === 'error') {
    return `${head} error (${r.stage ?? 'poll'}): ${r.error ?? 'unknown error'} — next try ${r.nextFetchAt ?? 'later'}`;
  }
  if (r.status === 'not-modified') return `${head} not modified (304) · ${r.durationMs} ms`;
  const parts = [`fetched ${r.fetched}`, `new ${r.new}`, `kept ${r.kept}`];
  if (r.duplicates) parts.push(`seen before ${r.duplicates}`);
  if (r.failed) parts.push(`not stored ${r.failed}`);
  const line = `${head} ${parts.join(' · ')} · ${r.durationMs} ms`;
  return r.warnings?.length ? `${line}\n${r.warnings.map((w) => `${' '.repeat(head.length)} warning: ${w}`).join('\n')}` : line;
}

/** The closing line of a poll round; `joined`: kept stories that joined another outlet's copy of the story. */
export function summaryLine(results: SourceResult[], joined = 0): string {
  const sum = (k: 'new' | 'kept'): number => results.reduce((n, r) => n + r[k], 0);
  const failing = results.filter((r) => r.status === 'error').length;
  const merged = joined ? ` · ${joined} merged into another outlet's story` : '';
  return `wiresieve: polled ${results.length} sources · ${sum('new')} new · ${sum('kept')} kept${merged} · ${failing} failing (see /sources.json)`;
}
