/**
 * Logs (src/services/logging.ts) plus CloudWatch EMF metrics (Powertools Metrics), one of each per container, for poll
 * and dispatch. Metrics go to stdout as EMF: no cloudwatch:PutMetricData.
 *
 * Env: POWERTOOLS_METRICS_NAMESPACE (set in serverless.yml); POWERTOOLS_METRICS_DISABLED=true in tests.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Logging } from '../../src/services/logging';

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

export interface Observability extends Logging {
  metrics: Metrics;
  count(name: string, value: number): void;
}

export function withMetrics(logging: Logging): Observability {
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE });
  return { ...logging, metrics, count: (name, value) => metrics.addMetric(name, MetricUnit.Count, value) };
}
