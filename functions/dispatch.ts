/**
 * `dispatch` — EventBridge schedule (every 5 minutes). Reads every source's state, picks the sources that are
 * due (interval, backoff, Retry-After, <ttl>, Cache-Control — all folded into nextFetchAt by `poll`) and sends
 * one SQS message per due source. No fetching here. A failure (DynamoDB, SQS) throws: the next schedule tries
 * again, and the `poll` alarm on SourcesPolledOk notices if it keeps failing.
 */
import type { Context, ScheduledEvent } from 'aws-lambda';
import { dispatch } from '../src/pipeline/dispatch';
import { createDispatchRuntime } from './commons/dispatch-runtime';
import { METRIC } from './commons/observability';

export const runtime = createDispatchRuntime(process.env);

export async function handler(event: ScheduledEvent, context?: Context): Promise<{ due: number; total: number }> {
  const { logger, metrics, count } = runtime;
  if (context) runtime.powertools.addContext(context);
  try {
    const now = event.time ? new Date(event.time) : new Date();
    const result = await dispatch({ sources: runtime.sources, queue: runtime.queue }, runtime.configs, Number.isNaN(now.getTime()) ? new Date() : now);
    count(METRIC.sourcesDispatched, result.due);
    logger.info('dispatch: sources enqueued', { due: result.due, total: result.total });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
}
