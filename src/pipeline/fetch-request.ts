/**
 * The conditional request a poll sends for a source, from its stored state: the URL the feed answers at (where it
 * moved for good, unless the operator changed the configured URL since) and the validators of its last answer.
 * Dispatch puts it in the poll message (PollMessage.fetch) so the poll sends it before the state is read.
 */
import type { SourceConfig } from '../core/source';
import type { FetchHint, SourceState } from '../ports';

export function fetchRequestFor(state: SourceState | undefined, source: Pick<SourceConfig, 'url'>): FetchHint {
  const url = state && state.url === source.url ? (state.effectiveUrl ?? source.url) : source.url;
  return {
    for: source.url,
    url,
    ...(state?.etag !== undefined ? { etag: state.etag } : {}),
    ...(state?.lastModified !== undefined ? { lastModified: state.lastModified } : {}),
  };
}
