/**
 * The one mapping between API Gateway HTTP API (payload format 2.0) events and the publisher's HttpRequest /
 * HttpResponse. HTTP API already lower-cases header names and joins repeated headers with commas; the raw
 * (still percent-encoded) path is passed on, as the local server does. Binary bodies (gzip) go out as base64.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpRequest, HttpResponse } from '../../src/ports';

export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(event.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath || '/',
    query: { ...(event.queryStringParameters ?? {}) },
    headers,
  };
}

export function toResult(res: HttpResponse): APIGatewayProxyStructuredResultV2 {
  // API Gateway sets Content-Length from the body it sends; ours would be wrong for HEAD and base64 bodies.
  const { 'content-length': _length, ...headers } = res.headers;
  if (Buffer.isBuffer(res.body)) {
    // Text goes out as text (readable in logs and test output); coded or binary bodies as base64.
    const text = !headers['content-encoding'] && /^(text\/|application\/([\w.+-]*\+)?(xml|json)\b)/.test(headers['content-type'] ?? '');
    if (text) return { statusCode: res.status, headers, body: res.body.toString('utf8'), isBase64Encoded: false };
    return { statusCode: res.status, headers, body: res.body.toString('base64'), isBase64Encoded: true };
  }
  return { statusCode: res.status, headers, body: res.body, isBase64Encoded: false };
}
