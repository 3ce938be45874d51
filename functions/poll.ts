/**
 * `poll` — SQS consumer: one message per source, a few per batch. Each record polls its source through the same
 * pipeline as local mode (fetch → parse → classify → enrich → cluster → store → state). Partial batch response
 * (ReportBatchItemFailures): only records whose failure is infrastructure (DynamoDB) are reported failed and
 * redelivered; a source's own fetch/parse error — a hanging source included — is recorded in its state and the
 * record succeeds (see commons/poll-record.ts). Records of different hosts run side by side, of one host in
 * order (commons/poll-batch.ts), all to the deadline of the Lambda context (commons/poll-deadline.ts): a record
 * that could not finish in time is not started but reported, so the batch never times out. Idempotent: story
 * writes are conditional, so a redelivered record writes nothing twice.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRIC } from './commons/observability';
import { processBatch } from './commons/poll-batch';
import { pollDeadline } from './commons/poll-deadline';
import { pollRecord } from './commons/poll-record';
import { createPollRuntime } from './commons/poll-runtime';

export const runtime = createPollRuntime(process.env);

async function handleRecord(record: SQSRecord, fetchBy?: () => number): Promise<void> {
  const result = await pollRecord(runtime.deps, record, fetchBy);
  if (!result) return;
  runtime.count(result.status === 'error' ? METRIC.sourcesFailed : METRIC.sourcesPolledOk, 1);
  runtime.count(METRIC.storiesNew, result.new);
  runtime.count(METRIC.storiesKept, result.kept);
  runtime.logger.info('poll: source polled', {
    sourceId: result.sourceId, feedUrl: result.url, status: result.status, httpStatus: result.httpStatus, fetched: result.fetched,
    new: result.new, kept: result.kept, duplicates: result.duplicates, error: result.error, stage: result.stage, durationMs: result.durationMs,
  });
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  const { logger, metrics } = runtime;
  if (context) runtime.powertools.addContext(context);
  const deadline = pollDeadline(context);
  try {
    const out = await processBatch(event.Records ?? [], (r) => handleRecord(r, deadline?.fetchBy), deadline?.canStart);
    // Failed records and the rest of their groups; records deferred for time are not errors (no alarm).
    runtime.count(METRIC.recordsFailed, out.failed.length + out.skipped.length);
    for (const { messageId, error } of out.failed) {
      const cause = (error as { cause?: unknown }).cause;
      logger.error('poll: record failed, SQS will redeliver it', {
        messageId, error: error instanceof Error ? error.message : String(error), cause: cause instanceof Error ? cause.message : undefined,
      });
    }
    if (out.skipped.length) logger.warn('poll: records after a failed one of their host, SQS will redeliver them', { messageIds: out.skipped });
    if (out.deferred.length) {
      logger.warn("poll: records not started, too little time left before the function's timeout; SQS will redeliver them", {
        messageIds: out.deferred, remainingMs: context?.getRemainingTimeInMillis(),
      });
    }
    return out.response;
  } finally {
    metrics.publishStoredMetrics();
  }
}
