/** Cold-start wiring for `dispatch`: the source list, the source-state store, the SQS queue (src/services/dispatcher.ts). */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SourceConfig } from '../../src/core/source';
import type { SourceStore } from '../../src/ports';
import { createDispatcher, type Dispatcher } from '../../src/services/dispatcher';
import type { Stores } from '../../src/services/stores';
import { baseRuntime } from './base-runtime';
import { lambdaSources } from './config';
import { withMetrics, type Observability } from './observability';

/**
 * The schedule's period, serverless.yml `rate(5 minutes)` (test/unit/functions/dispatch-tick.test.ts holds the two
 * equal): each tick dispatches the grid points of the TICK_MS before its time (src/pipeline/dispatch.ts).
 */
export const DISPATCH_TICK_MS = 5 * 60_000;

export interface DispatchRuntime extends Observability {
  sources: SourceStore;
  dispatcher: Dispatcher;
  configs: SourceConfig[];
  stores: Stores;
  sqs: SQSClient;
}

export class MissingSettingError extends Error {
  override name = 'MissingSettingError';
}

export function createDispatchRuntime(processEnv: NodeJS.ProcessEnv): DispatchRuntime {
  const { env, logging, stores } = baseRuntime('dispatch', processEnv);
  const obs = withMetrics(logging);
  const sourcesFile = lambdaSources(env);
  if (!env.queueUrl) throw new MissingSettingError('dispatch: QUEUE_URL is not set');
  // Requests go to the client's endpoint — the region's on Lambda, AWS_ENDPOINT_URL(_SQS) where that is set (the
  // deploy test on moto) — and QUEUE_URL only names the queue; on AWS the two are the same host.
  const sqs = new SQSClient({ region: env.region, maxAttempts: 8, retryMode: 'adaptive', useQueueUrlAsEndpoint: false });
  return {
    ...obs,
    sources: stores.sources,
    dispatcher: createDispatcher({ sources: stores.sources, configs: sourcesFile.sources, sqs, queueUrl: env.queueUrl }),
    configs: sourcesFile.sources,
    stores,
    sqs,
  };
}
