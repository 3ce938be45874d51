/**
 * HTTP semantics for the publisher, kept apart from routing: conditional requests (RFC 9110 §13), content
 * coding negotiation (RFC 9110 §12.5.3) and the shape of the responses. No I/O but gzip.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzipSync, gzip as gzipCb } from 'node:zlib';
import type { HttpRequest, HttpResponse, SharedRendering } from '../ports';

const gzip = promisify(gzipCb);

/** Bodies below this size are sent as they are: gzip would save little and cost a header. */
const GZIP_MIN_BYTES = 512;

/** A representation ready to send: computed once, then served from cache until the feed version changes. */
export interface Representation {
  body: Buffer;
  /**
   * The gzipped body, made on the first request that accepts gzip and kept. Variants of one representation
   * (`{ ...rep, … }`, forBrowser) share it, so a cached body is compressed once, not once per request.
   */
  gzipped: () => Promise<Buffer>;
  contentType: string;
  cacheControl: string;
  /** Strong entity tag of the identity-coded body, quoted; the gzip variant appends `-gz` inside the quotes. */
  etag: string;
  lastModified?: Date;
  /** Vary field; default `accept-encoding`. */
  vary?: string;
  /**
   * Validators only, no body (a 304 decided before rendering): content coding is then chosen as for a
   * rendered feed, which is always over the gzip threshold.
   */
  unrendered?: boolean;
  /**
   * Made from a read of the timeline index that had not caught up with the feed version (it lacks the story
   * the version says was added): served, but neither kept nor shared, so the next request reads again.
   */
  transient?: boolean;
}

export function shortHash(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

export function representation(
  body: string,
  contentType: string,
  cacheControl: string,
  etagSeed?: string,
  lastModified?: Date,
): Representation {
  const buf = Buffer.from(body, 'utf8');
  // A seeded tag (feed version + route) lets a 304 be decided without rendering; otherwise hash the bytes.
  const etag = `"${etagSeed ?? shortHash(buf)}"`;
  let gz: Promise<Buffer> | undefined;
  const gzipped = () => (gz ??= gzip(buf));
  return { body: buf, gzipped, contentType, cacheControl, etag, lastModified: lastModified && wholeSeconds(lastModified) };
}

/** A representation as the store keeps it for other containers, and back. */
export async function toShared(rep: Representation): Promise<SharedRendering> {
  return {
    etag: rep.etag,
    contentType: rep.contentType,
    cacheControl: rep.cacheControl,
    vary: rep.vary,
    lastModified: rep.lastModified?.toISOString(),
    gzipped: await rep.gzipped(),
  };
}

export function fromShared(shared: SharedRendering): Representation {
  const gz = Promise.resolve(shared.gzipped);
  return {
    body: gunzipSync(shared.gzipped),
    gzipped: () => gz,
    contentType: shared.contentType,
    cacheControl: shared.cacheControl,
    etag: shared.etag,
    lastModified: shared.lastModified ? new Date(shared.lastModified) : undefined,
    vary: shared.vary,
  };
}

function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

const gzEtag = (etag: string): string => `${etag.slice(0, -1)}-gz"`;

/** True when the Accept-Encoding field allows gzip (q > 0 for gzip/x-gzip, or for `*` when gzip is unnamed). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let named: number | undefined;
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (coding === 'gzip' || coding === 'x-gzip') named = Math.max(named ?? 0, Number.isNaN(q) ? 0 : q);
    else if (coding === '*') star = Number.isNaN(q) ? 0 : q;
  }
  return (named ?? star ?? 0) > 0;
}

/**
 * RFC 9110 §13.2.2: If-None-Match is evaluated first and, when present, If-Modified-Since is ignored. Weak
 * comparison for If-None-Match (§13.1.2); both codings of one version match.
 */
export function notModified(req: HttpRequest, rep: Representation): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(rep.etag) || tags.includes(gzEtag(rep.etag));
  }
  const ims = req.headers['if-modified-since'];
  if (ims === undefined || !rep.lastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && rep.lastModified.getTime() <= since;
}

/** A browser navigating to the URL (its Accept names text/html), as opposed to a feed reader. */
export function isBrowser(req: HttpRequest): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? '');
}

/**
 * Chromium shows application/rss+xml and application/atom+xml as plain text and never applies their XSLT, so
 * a browser (Accept names text/html) gets the same bytes as application/xml, and the response varies on Accept.
 */
export function forBrowser(rep: Representation): Representation {
  return { ...rep, contentType: 'application/xml; charset=utf-8', etag: `${rep.etag.slice(0, -1)}-x"`, vary: 'accept, accept-encoding' };
}

/** 200 or 304 for GET/HEAD, gzip when allowed; HEAD gets the GET headers (Content-Length included), no body. */
export async function respond(req: HttpRequest, rep: Representation): Promise<HttpResponse> {
  const compress = (rep.unrendered || rep.body.length >= GZIP_MIN_BYTES) && acceptsGzip(req.headers['accept-encoding']);
  const headers: Record<string, string> = {
    'cache-control': rep.cacheControl,
    etag: compress ? gzEtag(rep.etag) : rep.etag,
    vary: rep.vary ?? 'accept-encoding',
    'access-control-allow-origin': '*',
  };
  if (rep.lastModified) headers['last-modified'] = rep.lastModified.toUTCString();
  // §15.4.5: a 304 carries the validators and caching fields a 200 would have had.
  if (notModified(req, rep)) return { status: 304, headers, body: '' };
  if (rep.unrendered) throw new Error('publish: an unrendered representation can only answer 304');
  let body = rep.body;
  if (compress) {
    body = await rep.gzipped();
    headers['content-encoding'] = 'gzip';
  }
  headers['content-type'] = rep.contentType;
  headers['content-length'] = String(body.length);
  headers['x-content-type-options'] = 'nosniff';
  return { status: 200, headers, body: req.method === 'HEAD' ? '' : body };
}

export function jsonError(status: number, error: string, extra: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify({ error }),
  };
}
