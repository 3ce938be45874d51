/**
 * The local site server (`wiresieve serve`): the folder a SiteSink wrote (./site-folder.ts), served on the
 * site's routes by sirv, which answers GET and HEAD with ETag, Last-Modified, 304 on If-None-Match and the
 * precompressed `.br` / `.gz` copies when the client accepts them. Content-Type and Cache-Control come from the
 * folder's manifest — the same values the S3 sink stores — so local mode answers as CloudFront does.
 * Only keys in the manifest are served (not the manifest, temporary files or anything else in the folder);
 * unknown paths get 404 and other methods 405, as JSON. `reload()` after each publish picks up the new files
 * (sirv indexes the folder once, which keeps a request to a lookup and a file read).
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import type { Logger } from '../ports';
import { readManifest, type Manifest } from './site-folder';

export interface StaticServerOptions {
  dir: string;
  port: number;
  /** Default 127.0.0.1: the local server is for this machine unless the operator says otherwise. */
  host?: string;
  logger?: Logger;
}

export interface RunningStaticServer {
  url: string;
  port: number;
  /** Re-reads the folder (call after the sink wrote to it). */
  reload(): void;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

function jsonError(res: ServerResponse, status: number, error: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify({ error }));
}

/** The object key of a request path: `/` is index.html; undefined for a malformed path. */
export function keyOf(url: string | undefined): string | undefined {
  const path = (url ?? '/').split('?')[0]!;
  try {
    const key = decodeURIComponent(path).replace(/^\/+/, '');
    return key === '' ? 'index.html' : key;
  } catch {
    return undefined;
  }
}

export async function startStaticServer(opts: StaticServerOptions): Promise<RunningStaticServer> {
  let manifest: Manifest = {};
  let files: Handler = () => undefined;
  const reload = (): void => {
    mkdirSync(opts.dir, { recursive: true }); // before the first publish: an empty site, every path 404
    manifest = readManifest(opts.dir);
    files = sirv(opts.dir, { etag: true, gzip: true, brotli: true, extensions: [] }) as Handler;
  };
  reload();

  const server = createServer((req, res) => {
    req.resume(); // the routes take no request body
    const key = keyOf(req.url);
    const headers = key === undefined ? undefined : manifest[key];
    if (!headers) return jsonError(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return jsonError(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    // Set before sirv runs, so its 304s carry them too (RFC 9110 §15.4.5) and its 200s take these types.
    res.setHeader('content-type', headers.contentType);
    res.setHeader('cache-control', headers.cacheControl);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('x-content-type-options', 'nosniff');
    req.url = `/${encodeURI(key!)}`; // sirv looks the file up by this path; `/` is index.html
    try {
      files(req, res, () => jsonError(res, 404, 'not found'));
    } catch (err) {
      opts.logger?.error('static-server: cannot send', { path: req.url, error: String(err) });
      if (!res.headersSent) jsonError(res, 500, 'internal server error');
      else res.destroy();
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    reload,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
