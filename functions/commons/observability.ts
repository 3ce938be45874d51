/**
 * Structured JSON logs and CloudWatch EMF metrics (Powertools), one of each per container. The Powertools Logger
 * satisfies the pipeline's Logger port (message + one attributes object), so the pipeline logs through it with
 * its stable keys (sourceId, feedUrl, storyId, stage). Metrics go to stdout as EMF: no cloudwatch:PutMetricData.
 *
 * Env: POWERTOOLS_SERVICE_NAME, POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL (set in serverless.yml);
 * POWERTOOLS_METRICS_DISABLED=true in tests.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { loggerPort } from '../../src/adapters/powertools-logger';
import type { Logger as LoggerPort } from '../../src/ports';

export const METRICS_NAMESPACE = 'wiresieve';

/** Names of the EMF metrics; infra/alarms.yml alarms on some of them. */
export const METRIC = {
  sourcesPolledOk: 'SourcesPolledOk',
  sourcesFailed: 'SourcesFailed',
  storiesNew: 'StoriesNew',
  storiesKept: 'StoriesKept',
  recordsFailed: 'PollRecordsFailed',
  sourcesDispatched: 'SourcesDispatched',
} as const;

export interface Observability {
  /** The port the pipeline and handlers log through. */
  logger: LoggerPort;
  /** The Powertools logger itself (Lambda context). */
  powertools: Logger;
  metrics: Metrics;
  count(name: string, value: number): void;
}

export function createObservability(functionName: string): Observability {
  const logger = new Logger({ persistentKeys: { function: functionName } });
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE });
  return { logger: loggerPort(logger), powertools: logger, metrics, count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value) };
}
