/**
 * `publish` — the one writer of the site (S3, served by CloudFront). Runs on the table's stream, filtered to
 * the feed version item (the timeline changed: the whole site) and to source states (a poll finished: only
 * /sources.json), and once after every deploy (`{"source":"wiresieve.deploy"}`, sent by infra/osls-plugin.cjs),
 * so a release that changes the output reaches readers at once. Only objects whose bytes changed are written.
 *
 * A timeline index that has not caught up with the feed version (TimelineLagError) or any other failure throws:
 * Lambda retries the stream batch (infra/publish-stream.yml), and nothing half-done is ever published.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import type { PublishScope } from '../src/pipeline/publish';
import { createPublishRuntime } from './commons/publish-runtime';

export const runtime = createPublishRuntime(process.env);

export type PublishEvent = DynamoDBStreamEvent | { source: 'wiresieve.deploy' };

/** What to publish for an event: the site, unless every record is a source state. */
export function scopeOf(event: PublishEvent): PublishScope {
  if (!('Records' in event)) return 'site';
  return event.Records.length > 0 && event.Records.every((r) => r.dynamodb?.Keys?.pk?.S?.startsWith('SOURCE#')) ? 'sources' : 'site';
}

export async function handler(event: PublishEvent, context?: Context): Promise<{ scope: PublishScope; written: number; unchanged: number }> {
  if (context) runtime.powertools.addContext(context);
  const scope = scopeOf(event);
  const out = await runtime.publisher.publish(scope);
  return { scope, written: out.written.length, unchanged: out.unchanged.length };
}
