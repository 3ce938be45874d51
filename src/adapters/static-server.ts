/**
 * The local site server (`wiresieve serve`): the folder a SiteSink wrote (./site-folder.ts), served on the
 * site's routes by h3's serveStatic, which answers GET and HEAD with the precompressed `.br` / `.gz` copy when
 * the client accepts one, and its length. h3 1.x: it works on node:http's request and response directly; 2.x
 * goes through Request/Response/Headers objects, which on `npm run bench -- serve` made a 304 0.6x of a bare
 * server (1.x: 0.78–0.86x).
 * Content-Type and Cache-Control come from the folder's manifest — the same values the S3 sink stores — so
 * local mode answers as CloudFront does, on 200 and 304 alike.
 *
 * Validators and conditional requests: each key has one entity tag, weak, made from the sha256 of its bytes in
 * the manifest, for all three copies (a weak tag may stand for copies that differ only in their coding, RFC 9110
 * §8.8.1; nginx shares one the same way when it compresses), and
 * one Last-Modified, the identity file's mtime. `fresh` (jshttp, Express's) decides whether a conditional GET
 * or HEAD gets 304 — If-None-Match lists with weak comparison, `*`, If-Modified-Since only without
 * If-None-Match — before serveStatic, which is given no validators of its own (its If-None-Match is an exact
 * string compare, and it honours If-Modified-Since beside a failed If-None-Match). `fresh` is shown the two
 * conditional headers alone: it answers a request's `Cache-Control: no-cache` with the bytes, but that asks for
 * validation at the origin, which a 304 is — and Node's fetch() adds it to every conditional request (the
 * local-mode end-to-end test's revalidation got 200 until `fresh` saw only these two). A 304 so costs header
 * lookups and one socket write.
 * Only keys in the manifest are served (not the manifest, temporary files or anything else in the folder);
 * unknown paths get 404 and other methods 405, as JSON.
 *
 * serveStatic takes its storage as two functions; ours keeps the folder's files in memory: the first request
 * for a file (a key or one of its .gz / .br copies) reads it — bytes, size and mtime from the same open file —
 * and later ones are answered from memory, so a request costs lookups and a socket write, not a file stream.
 * `reload()` after each publish re-reads the manifest and forgets the files of the keys that changed or went;
 * the others stay. At most `cacheBytes` are kept (the least recently used go first), so the archive pages that
 * accumulate over the months are read from disk again when asked for rather than all held.
 */
import { mkdirSync, statSync } from 'node:fs';
import { readFile as readBytes } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import fresh from 'fresh';
import { createEvent, serveStatic, type ServeStaticOptions, type StaticAssetMeta } from 'h3';
import type { Logger } from '../ports';
import { readManifest, type Manifest, type StoredHeaders } from './site-folder';

export interface StaticServerOptions {
  dir: string;
  port: number;
  /** Default 127.0.0.1: the local server is for this machine unless the operator says otherwise. */
  host?: string;
  logger?: Logger;
  /** Most bytes of files kept in memory (default 64 MiB); a larger file is read from disk for each request. */
  cacheBytes?: number;
}

export interface RunningStaticServer {
  url: string;
  port: number;
  /** Re-reads the folder's manifest (call after the sink wrote to it); changed files are read again. */
  reload(): void;
  /** Bytes of files held in memory now. */
  cachedBytes(): number;
  close(): Promise<void>;
}

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** The precompressed copies the folder sink writes beside each file, by content coding. */
const ENCODINGS = { br: '.br', gzip: '.gz' } as const;
const ERROR_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const;

/** The object key of a request path: `/` is index.html; undefined for a malformed path. */
export function keyOf(url: string | undefined): string | undefined {
  const q = url === undefined ? -1 : url.indexOf('?');
  const path = url === undefined ? '/' : q < 0 ? url : url.slice(0, q);
  const key = decoded(withoutLeadingSlashes(path));
  return key === '' ? 'index.html' : key;
}

function withoutLeadingSlashes(path: string): string {
  let i = 0;
  while (path.charCodeAt(i) === 47) i++;
  return i ? path.slice(i) : path;
}

/** The percent-decoded path; undefined when malformed. */
function decoded(path: string): string | undefined {
  if (!path.includes('%')) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function sendError(res: ServerResponse, status: number, error: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...ERROR_HEADERS, ...extra });
  res.end(JSON.stringify({ error }));
}


/** One file as read: what serveStatic answers from, and the bytes. */
interface Loaded {
  meta: StaticAssetMeta;
  body: Buffer;
}

/** A manifest key as served, for as long as its manifest entry stays the same. */
interface Route {
  key: string;
  stored: StoredHeaders;
  options: ServeStaticOptions;
  /** The key's validators, as sent and as `fresh` compares them (`last-modified` absent without a file). */
  validators: { etag: string; 'last-modified'?: string };
}

/** A file read for a route (null: not in the folder), and when it was last asked for. */
interface Slot {
  route: Route;
  file: Loaded | null;
  used: number;
}

/** A file's bytes and what serveStatic sends with them (no validators: see the header); null when it is not there. */
async function readFile(path: string, encoding: string | undefined): Promise<Loaded | null> {
  let body: Buffer;
  try {
    body = await readBytes(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // No type either: the handler sets Content-Type from the manifest before serveStatic runs, which keeps it.
  const meta: StaticAssetMeta = { size: body.length };
  if (encoding) meta.encoding = encoding;
  return { meta, body };
}

/** A key's validators: the weak entity tag of its bytes, and its file's mtime as an HTTP date (whole seconds). */
function validatorsOf(path: string, stored: StoredHeaders): Route['validators'] {
  const validators: Route['validators'] = { etag: `W/"${stored.sha256.slice(0, 32)}"` };
  try {
    validators['last-modified'] = statSync(path).mtime.toUTCString();
  } catch {
    // not in the folder (yet): serveStatic answers 404
  }
  return validators;
}

export async function startStaticServer(opts: StaticServerOptions): Promise<RunningStaticServer> {
  const limit = opts.cacheBytes ?? DEFAULT_CACHE_BYTES;
  let manifest: Manifest = {};
  /** The manifest's keys asked for so far: built on the first request, kept while the manifest entry stays. */
  let routes = new Map<string, Route>();
  /** Files by name (`feed.xml`, `feed.xml.gz`, …). */
  const slots = new Map<string, Slot>();
  let clock = 0;
  const reading = new Map<string, Promise<Loaded | null>>();
  let bytes = 0;
  const drop = (name: string, slot: Slot): void => {
    slots.delete(name);
    bytes -= slot.file?.body.length ?? 0;
  };

  /** The file `name` of `route`: from memory, or read (once, however many requests ask meanwhile). */
  const file = (route: Route, name: string, encoding: string | undefined): Loaded | null | Promise<Loaded | null> => {
    const slot = slots.get(name);
    if (slot?.route === route) {
      slot.used = ++clock;
      return slot.file;
    }
    const pending = reading.get(name);
    if (pending) return pending;
    const read = readFile(join(opts.dir, name), encoding);
    reading.set(name, read);
    const forget = (): void => {
      if (reading.get(name) === read) reading.delete(name);
    };
    read.then((loaded) => {
      forget();
      // Kept only while the route is current (a reload meanwhile may have replaced the file) and when it fits.
      const size = loaded?.body.length ?? 0;
      if (routes.get(route.key) !== route || size > limit) return;
      const old = slots.get(name);
      if (old) drop(name, old);
      slots.set(name, { route, file: loaded, used: ++clock });
      bytes += size;
      if (bytes > limit) {
        // Over the limit (rare: a first read of a file): the least recently used go until it fits.
        for (const [n, s] of [...slots].sort((a, b) => a[1].used - b[1].used)) {
          if (bytes <= limit) break;
          drop(n, s);
        }
      }
    }, forget); // a failed read is not kept: the request that waited on it gets the error, the next reads again
    return read;
  };

  const routeFor = (key: string, stored: StoredHeaders): Route => {
    // serveStatic asks for the request path, then with each accepted coding's suffix: only this key's own
    // three files answer. Its ids are the path as sent (percent-encoded; `/` as `//index.html`): the usual
    // spellings are looked up as they come, others decoded first.
    const files = new Map<string, [name: string, coding: string | undefined]>();
    for (const [coding, ext] of [[undefined, ''], ...Object.entries(ENCODINGS)] as const) {
      const name = `${key}${ext}`;
      for (const id of [`/${name}`, `//${name}`, `/${encodeURI(name)}`]) files.set(id, [name, coding]);
    }
    const lookup = (id: string): Loaded | null | Promise<Loaded | null> | undefined => {
      let f = files.get(id);
      if (f === undefined && id.includes('%')) {
        const name = decoded(withoutLeadingSlashes(id));
        if (name !== undefined) f = files.get(`/${name}`);
      }
      return f && file(route, f[0], f[1]);
    };
    const route: Route = {
      key,
      stored,
      validators: validatorsOf(join(opts.dir, key), stored),
      options: {
        encodings: ENCODINGS,
        fallthrough: true,
        getMeta: (id) => {
          const f = lookup(id);
          return f instanceof Promise ? f.then((l) => l?.meta) : f?.meta;
        },
        getContents: (id) => {
          const f = lookup(id);
          return f instanceof Promise ? f.then((l) => l?.body) : f?.body;
        },
      },
    };
    return route;
  };

  const reload = (): void => {
    mkdirSync(opts.dir, { recursive: true }); // before the first publish: an empty site, every path 404
    manifest = readManifest(opts.dir);
    const next = new Map<string, Route>();
    for (const [key, route] of routes) {
      const now = manifest[key];
      if (now && now.sha256 === route.stored.sha256 && now.contentType === route.stored.contentType) {
        route.stored = now; // the same bytes and type (Cache-Control may differ): its files stay
        next.set(key, route);
      }
    }
    routes = next;
    reading.clear();
    for (const [name, slot] of slots) if (routes.get(slot.route.key) !== slot.route) drop(name, slot);
  };
  reload();

  // No route takes a request body: node:http discards one left unread when the response ends.
  const server = createServer((req, res) => {
    const key = keyOf(req.url);
    let route = key === undefined ? undefined : routes.get(key);
    if (route === undefined) {
      const stored = key === undefined ? undefined : manifest[key];
      if (key === undefined || !stored) return sendError(res, 404, 'not found');
      routes.set(key, (route = routeFor(key, stored)));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    const stored = route.stored;
    // On 200 and 304 alike (a 304 carries the validators, Cache-Control and Vary of the 200: RFC 9110
    // §15.4.5); serveStatic's 200s keep these types. Vary on every answer: which file is sent depends on
    // Accept-Encoding (serveStatic says so only when the client accepts more than one of the codings).
    res.setHeader('content-type', stored.contentType);
    res.setHeader('cache-control', stored.cacheControl);
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('vary', 'Accept-Encoding');
    const { validators } = route;
    res.setHeader('etag', validators.etag);
    if (validators['last-modified']) res.setHeader('last-modified', validators['last-modified']);
    if (fresh({ 'if-none-match': req.headers['if-none-match'], 'if-modified-since': req.headers['if-modified-since'] }, validators)) {
      // The client's copy, whichever coding it has, is the current one (see the header).
      res.statusCode = 304;
      res.end();
      return;
    }
    serveStatic(createEvent(req, res), route.options).then(
      // false: the manifest names a key whose file is not in the folder (yet).
      (served) => {
        if (served !== false) return;
        res.removeHeader('etag');
        res.removeHeader('last-modified');
        sendError(res, 404, 'not found');
      },
      (err: unknown) => {
        opts.logger?.error('static-server: cannot send', { path: req.url, error: String(err) });
        if (res.headersSent) res.destroy();
        else sendError(res, 500, 'internal server error');
      },
    );
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
    cachedBytes: () => bytes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
