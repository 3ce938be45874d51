/**
 * The feed fetcher: one conditional GET, hardened the way Miniflux's fetcher is.
 *
 * - SSRF guard (net-guard.ts): the host's addresses are judged at connect time by a custom `lookup`, on every
 *   redirect hop; IP-literal hosts are judged before connecting. Only http: and https: URLs are fetched.
 *   `allowPrivateHosts` lifts the guard (local testing only).
 * - Conditional GET (RFC 9110 §13.1): If-None-Match / If-Modified-Since from the request; 304 → 'not-modified'.
 *   The result always carries the newest validators: the response's, or on a 304 without them the request's.
 * - Limits: connect deadline (TCP + TLS), total deadline (whole exchange, redirects included, so a slow drip
 *   cannot hold a poller), at most `maxRedirects` hops, a body cap checked on the wire bytes AND after
 *   decompression (a gzip bomb is cut as soon as the output passes the cap), and a Content-Length precheck.
 * - gzip / deflate (zlib or raw) / br decompression, streamed.
 * - 429 and 503 carry Retry-After (delta-seconds or HTTP-date, RFC 9110 §10.2.3) as `retryAfterMs`.
 * node:http/https are used directly (not global fetch) so the lookup and the socket are ours.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import zlib from 'node:zlib';
import type { Fetcher, FetchRequest, FetchResult } from '../ports';
import { checkAddress, checkLiteralHost, guardedLookup, RefusedAddressError, type AddressPolicy } from './net-guard';

export type FetchErrorKind = 'timeout' | 'too-large' | 'http' | 'refused' | 'network' | 'redirects' | 'bad-url';

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    extra: { httpStatus?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(`fetch: ${message}`, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.httpStatus = extra.httpStatus;
    this.retryAfterMs = extra.retryAfterMs;
  }
  readonly httpStatus?: number;
  readonly retryAfterMs?: number;
}

export interface HttpFetcherOptions {
  allowPrivateHosts: boolean;
  userAgent?: string;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
  /**
   * Replaces the address policy (net-guard `checkAddress`) when private hosts are not allowed. For tests that
   * must allow only 127.0.0.1 while proving that other addresses are refused without dialling them.
   */
  addressPolicy?: AddressPolicy;
}

export const DEFAULT_USER_AGENT = 'wiresieve/0.1 (+https://github.com/wiresieve/wiresieve)';
const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createHttpFetcher(opts: HttpFetcherOptions): Fetcher {
  const cfg = {
    allowPrivateHosts: opts.allowPrivateHosts,
    userAgent: opts.userAgent ?? DEFAULT_USER_AGENT,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    totalTimeoutMs: opts.totalTimeoutMs ?? 30_000,
    maxBytes: opts.maxBytes ?? 10 * 1024 * 1024,
    maxRedirects: opts.maxRedirects ?? 5,
    addressPolicy: opts.addressPolicy ?? checkAddress,
  };
  const lookup = guardedLookup(cfg.allowPrivateHosts, cfg.addressPolicy);
  return { fetch: (req) => fetchOnce(req, cfg, lookup) };
}

type Cfg = Required<HttpFetcherOptions>;

function fetchOnce(req: FetchRequest, cfg: Cfg, lookup: ReturnType<typeof guardedLookup>): Promise<FetchResult> {
  return new Promise<FetchResult>((resolve, reject) => {
    let settled = false;
    let current: http.ClientRequest | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    const totalTimer = setTimeout(
      () => fail(new FetchError('timeout', `total deadline of ${cfg.totalTimeoutMs} ms exceeded for ${req.url}`)),
      cfg.totalTimeoutMs,
    );
    function finish(): void {
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
    }
    function fail(err: FetchError): void {
      if (settled) return;
      finish();
      current?.destroy();
      reject(err);
    }
    function succeed(result: FetchResult): void {
      if (settled) return;
      finish();
      resolve(result);
    }

    // The URL the request moved to for good: followed while every redirect so far was permanent (301/308).
    let permanentUrl: string | undefined;
    let permanentSoFar = true;
    const moved = (): { permanentUrl?: string } => (permanentUrl !== undefined ? { permanentUrl } : {});

    function hop(urlText: string, redirects: number): void {
      let url: URL;
      try {
        url = new URL(urlText);
      } catch (cause) {
        return fail(new FetchError('bad-url', `not a URL: ${urlText}`, { cause }));
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return fail(new FetchError('bad-url', `only http and https are fetched, not ${url.protocol} (${urlText})`));
      }
      if (!cfg.allowPrivateHosts) {
        const refused = checkLiteralHost(url.hostname, cfg.addressPolicy);
        if (refused) return fail(new FetchError('refused', `refused: ${refused.address} is ${refused.reason} (${urlText})`));
      }
      const headers: Record<string, string> = {
        'user-agent': cfg.userAgent,
        accept: ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (req.etag) headers['if-none-match'] = req.etag;
      if (req.lastModified) headers['if-modified-since'] = req.lastModified;

      const client = url.protocol === 'https:' ? https : http;
      const r = client.request(url, { method: 'GET', headers, agent: false, lookup: lookup as never });
      current = r;
      r.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => fail(new FetchError('timeout', `connect deadline of ${cfg.connectTimeoutMs} ms exceeded for ${url.host}`)),
          cfg.connectTimeoutMs,
        );
        socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      r.on('error', (err) => fail(mapSocketError(err, urlText, url.host)));
      r.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (REDIRECTS.has(status) && res.headers.location) {
          res.resume();
          r.destroy();
          if (redirects >= cfg.maxRedirects) {
            return fail(new FetchError('redirects', `more than ${cfg.maxRedirects} redirects from ${req.url}`, { httpStatus: status }));
          }
          let next: string;
          try {
            next = new URL(res.headers.location, url).toString();
          } catch (cause) {
            return fail(new FetchError('bad-url', `bad redirect Location ${res.headers.location}`, { cause }));
          }
          permanentSoFar &&= status === 301 || status === 308;
          if (permanentSoFar) permanentUrl = next;
          return hop(next, redirects + 1);
        }
        const validators = {
          etag: header(res, 'etag'),
          lastModified: header(res, 'last-modified'),
          cacheControl: header(res, 'cache-control'),
        };
        if (status === 304) {
          res.resume();
          return succeed({
            status: 'not-modified',
            httpStatus: 304,
            finalUrl: url.toString(),
            ...moved(),
            etag: validators.etag ?? req.etag,
            lastModified: validators.lastModified ?? req.lastModified,
            cacheControl: validators.cacheControl,
          });
        }
        if (status < 200 || status > 299) {
          res.resume();
          const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header(res, 'retry-after'), Date.now()) : undefined;
          return fail(new FetchError('http', `HTTP ${status} from ${url}`, { httpStatus: status, retryAfterMs }));
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > cfg.maxBytes) {
          return fail(new FetchError('too-large', `Content-Length ${declared} exceeds the ${cfg.maxBytes}-byte cap (${url})`, { httpStatus: status }));
        }
        readBody(res, header(res, 'content-encoding'), cfg.maxBytes).then(
          (body) =>
            succeed({
              status: 'ok',
              httpStatus: status,
              finalUrl: url.toString(),
              ...moved(),
              body,
              contentType: header(res, 'content-type'),
              ...validators,
            }),
          (err: unknown) => fail(mapSocketError(err, urlText, url.host)),
        );
      });
      r.end();
    }

    hop(req.url, 0);
  });
}

function header(res: http.IncomingMessage, name: string): string | undefined {
  const v = res.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function mapSocketError(err: unknown, url: string, host: string): FetchError {
  if (err instanceof FetchError) return err;
  if (err instanceof RefusedAddressError) return new FetchError('refused', `${err.message} (${url})`, { cause: err });
  const e = err as NodeJS.ErrnoException;
  // Say what went wrong in words an operator can act on; keep the system code for searching.
  const plain: Record<string, string> = {
    ENOTFOUND: `cannot resolve host ${host}`,
    EAI_AGAIN: `DNS lookup for ${host} failed (temporary)`,
    ECONNREFUSED: `connection refused by ${host}`,
    ECONNRESET: `connection reset by ${host}`,
    EHOSTUNREACH: `host ${host} unreachable`,
    ENETUNREACH: `network unreachable for ${host}`,
    CERT_HAS_EXPIRED: `TLS certificate of ${host} has expired`,
  };
  const what = (e.code && plain[e.code]) ?? e.message ?? 'network error';
  return new FetchError('network', `${what}${e.code ? ` (${e.code})` : ''} on ${url}`, { cause: err });
}

/**
 * Streams the body, decompressing per Content-Encoding, and aborts as soon as either the wire bytes or the
 * decoded bytes pass `maxBytes`.
 */
function readBody(res: http.IncomingMessage, encoding: string | undefined, maxBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wire = 0;
    let decoded = 0;
    let done = false;
    const coding = (encoding ?? 'identity').trim().toLowerCase();
    let decoder: zlib.Gunzip | zlib.Inflate | zlib.InflateRaw | zlib.BrotliDecompress | undefined;
    const stop = (err?: Error): void => {
      if (done) return;
      done = true;
      decoder?.destroy();
      res.destroy();
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, decoded));
    };
    const tooLarge = (what: string): FetchError => new FetchError('too-large', `${what} passed the ${maxBytes}-byte cap`);
    const onDecoded = (chunk: Buffer): void => {
      decoded += chunk.length;
      if (decoded > maxBytes) return stop(tooLarge(coding === 'identity' ? 'body' : 'decompressed body'));
      chunks.push(chunk);
    };
    const makeDecoder = (first: Buffer): typeof decoder => {
      if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip();
      if (coding === 'br') return zlib.createBrotliDecompress();
      // "deflate" should be zlib-wrapped (RFC 9110 §8.4.1.2) but some servers send raw deflate; sniff the header.
      const zlibWrapped = first.length >= 2 && (first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0;
      return zlibWrapped ? zlib.createInflate() : zlib.createInflateRaw();
    };
    if (!['identity', 'gzip', 'x-gzip', 'deflate', 'br'].includes(coding)) {
      return stop(new FetchError('network', `unsupported Content-Encoding ${coding}`));
    }
    res.on('data', (chunk: Buffer) => {
      if (done) return;
      wire += chunk.length;
      if (wire > maxBytes) return stop(tooLarge('body'));
      if (coding === 'identity') return onDecoded(chunk);
      if (!decoder) {
        const d = makeDecoder(chunk)!;
        d.on('data', onDecoded);
        d.on('error', (cause) => stop(new FetchError('network', `corrupt ${coding} body`, { cause })));
        d.on('end', () => stop());
        decoder = d;
      }
      decoder.write(chunk);
    });
    res.on('end', () => {
      if (done) return;
      if (decoder) decoder.end();
      else stop();
    });
    res.on('aborted', () => stop(new FetchError('network', 'connection closed mid-body')));
    res.on('error', (cause) => stop(new FetchError('network', `connection failed mid-body: ${cause.message}`, { cause })));
  });
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
