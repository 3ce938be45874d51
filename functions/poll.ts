/**
 * `poll` — SQS consumer: one message per source, a few per batch. Each record polls its source through the same
 * pipeline as local mode (fetch → parse → classify → cluster → store → state). Partial batch response
 * (ReportBatchItemFailures): only records whose failure is infrastructure (DynamoDB) are reported failed and
 * redelivered; a source's own fetch/parse error is recorded in its state and the record succeeds
 * (see commons/poll-record.ts). Idempotent: story writes are conditional, so a redelivered record writes
 * nothing twice.
 */
import { SqsFifoPartialProcessorAsync, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRIC } from './commons/observability';
import { pollRecord } from './commons/poll-record';
import { createPollRuntime } from './commons/poll-runtime';

export const runtime = createPollRuntime(process.env);
// FIFO queue, one message group per host: records are handled in order, and when one fails only the rest of
// ITS group is reported failed (skipGroupOnError), so other hosts' sources in the batch still complete.
const processor = new SqsFifoPartialProcessorAsync();

async function handleRecord(record: SQSRecord): Promise<void> {
  const result = await pollRecord(runtime.deps, record);
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
  try {
    const response = await processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false, skipGroupOnError: true });
    const failed = response.batchItemFailures.length;
    runtime.count(METRIC.recordsFailed, failed);
    for (const err of processor.errors) {
      const cause = (err as { cause?: unknown }).cause;
      logger.error('poll: record failed, SQS will redeliver it', { error: err.message, cause: cause instanceof Error ? cause.message : undefined });
    }
    return response as SQSBatchResponse;
  } finally {
    metrics.publishStoredMetrics();
  }
}
