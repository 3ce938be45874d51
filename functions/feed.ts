/**
 * `feed` — HTTP API (payload 2.0): every publisher route (`/`, `/feed.xml|atom|json`, `/topics/…`, `/archive/…`,
 * `/sources.json`, `/sources.opml`, `/feed.xsl`) through the same publisher as the local server. ETag / 304,
 * Cache-Control and gzip come from the publisher; this handler only maps the event and the response.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { toHttpRequest, toResult } from './commons/http';
import { createFeedRuntime } from './commons/feed-runtime';

export const runtime = createFeedRuntime(process.env);

export async function handler(event: APIGatewayProxyEventV2, context?: Context): Promise<APIGatewayProxyStructuredResultV2> {
  const { logging, publisher } = runtime;
  if (context) logging.addContext(context);
  const res = await publisher.handle(toHttpRequest(event));
  if (res.status >= 500) logging.logger.warn('feed: error response', { path: event.rawPath, status: res.status });
  await logging.flush(); // lines are written before Lambda may freeze the container
  return toResult(res);
}
