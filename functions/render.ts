/**
 * `render` — runs on the DynamoDB Stream of the table, filtered to the feed version item: right after a poll
 * changed the feed, it renders the main routes and stores them as shared renderings, so that `feed`
 * containers serve them instead of reading stories and rendering on a reader's request (see
 * src/pipeline/publish.ts, `renderings`). It is the same publisher as `feed`'s, but renders each route itself:
 * it runs after its 2 s batching window, by when the timeline index (eventually consistent) has caught up, so
 * its rendering replaces one a `feed` container may have made in the first moments after the change. Topic
 * and archive feeds stay on demand.
 *
 * A route that fails throws, so Lambda retries the batch (twice, serverless.yml), then moves on; `feed` renders
 * on demand whatever is missing.
 */
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { createFeedRuntime } from './commons/feed-runtime';

export const runtime = createFeedRuntime(process.env, 'render');

/** The routes rendered ahead: the main feeds and the index page. */
export const ROUTES = ['/feed.xml', '/feed.atom', '/feed.json', '/'] as const;

export async function handler(event: DynamoDBStreamEvent, context?: Context): Promise<{ records: number; routes: string[] }> {
  const { logging, publisher } = runtime;
  if (context) logging.addContext(context);
  const failed: string[] = [];
  for (const path of ROUTES) {
    const res = await publisher.handle({ method: 'GET', path, query: {}, headers: {} });
    if (res.status !== 200) failed.push(`${path} → ${res.status}`);
  }
  if (failed.length) logging.logger.error('render: routes not rendered', { failed });
  await logging.flush();
  if (failed.length) throw new Error(`render: ${failed.join(', ')}`);
  return { records: event.Records.length, routes: [...ROUTES] };
}
