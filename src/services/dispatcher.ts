/**
 * Composition root for a dispatch tick: the source-state store, the SQS queue and the dispatch stage
 * (src/pipeline/dispatch.ts). The `dispatch` Lambda builds one per container (functions/commons/dispatch-runtime.ts).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { SqsQueue } from '../adapters/sqs-queue';
import type { SourceConfig } from '../core/source';
import { dispatch } from '../pipeline/dispatch';
import type { Queue, SourceStore } from '../ports';

export interface Dispatcher {
  queue: Queue;
  /** Sends one message per source whose poll falls due in (since, now]. */
  tick(now: Date, since?: Date): Promise<{ due: number; total: number }>;
}

export function createDispatcher(opts: { sources: SourceStore; configs: SourceConfig[]; sqs: SQSClient; queueUrl: string }): Dispatcher {
  const queue = new SqsQueue(opts.sqs, opts.queueUrl);
  return {
    queue,
    tick: (now, since) => dispatch({ sources: opts.sources, queue }, opts.configs, now, since),
  };
}
