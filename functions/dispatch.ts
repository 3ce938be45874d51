/**
 * `dispatch` — EventBridge schedule (every 5 minutes). Reads every source's state, picks the sources that are
 * due (a healthy source's grid point in this tick; backoff, Retry-After, <ttl>, Cache-Control folded into
 * nextFetchAt by `poll`) and sends
 * one SQS message per due source. No fetching here. A failure (DynamoDB, SQS) throws: the next schedule tries
 * again, and the `poll` alarm on SourcesPolledOk notices if it keeps failing.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createDispatchRuntime, DISPATCH_TICK_MS } from './commons/dispatch-runtime';
import { METRIC } from './commons/observability';

export const runtime = createDispatchRuntime(process.env);

export async function handler(event: ScheduledEvent, context?: Context): Promise<{ due: number; total: number }> {
  const { logger, metrics, count } = runtime;
  if (context) runtime.powertools.addContext(context);
  try {
    // The schedule's time (EventBridge's `time` is when the rule fired, not when this ran): ticks DISPATCH_TICK_MS
    // apart tile time, so each window (now − DISPATCH_TICK_MS, now] sees every source's grid points once.
    const time = event.time ? new Date(event.time) : new Date();
    const now = Number.isNaN(time.getTime()) ? new Date() : time;
    const result = await runtime.dispatcher.tick(now, new Date(now.getTime() - DISPATCH_TICK_MS));
    count(METRIC.sourcesDispatched, result.due);
    logger.info('dispatch: sources enqueued', { due: result.due, total: result.total });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}
