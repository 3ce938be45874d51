/**
 * `poll` works to a deadline taken from the Lambda context, so that no batch ever times out: a timeout would
 * fail every record of the batch (other hosts' too), record nothing of the source that hung, and after three
 * of them send healthy sources to the dead-letter queue.
 *
 *   end of the invocation ── SAFETY_MS ── STORE_RESERVE_MS ── fetchBy
 *
 * - Every request of a record (the feed, its articles) is over by `fetchBy` (src/services/poller.ts): a source
 *   that hangs ends as its own timeout, recorded in its state, and the record succeeds.
 * - What follows the last request — parsing, classifying, storing up to the 1,000 items a feed may bring, the
 *   source's state — has STORE_RESERVE_MS; returning the response and the metrics lines SAFETY_MS.
 * - A record is started only while at least MIN_RECORD_FETCH_MS of fetching time is left; the others are
 *   reported as batch item failures (SQS hands them out again after the visibility timeout) without a request.
 * Without a Lambda context (tests calling the handler directly) there is no deadline: only the fetch limits.
 */
import type { Context } from 'aws-lambda';

export const SAFETY_MS = 1_000;
export const STORE_RESERVE_MS = 10_000;
export const MIN_RECORD_FETCH_MS = 5_000;

export interface PollDeadline {
  /** When every request must be over (epoch ms). */
  fetchBy(): number;
  /** Whether a record may still be started. */
  canStart(): boolean;
}

export function pollDeadline(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined, now: () => number = Date.now): PollDeadline | undefined {
  if (!context) return undefined;
  const fetchBy = now() + context.getRemainingTimeInMillis() - SAFETY_MS - STORE_RESERVE_MS;
  return {
    fetchBy: () => fetchBy,
    canStart: () => fetchBy - now() >= MIN_RECORD_FETCH_MS,
  };
}
