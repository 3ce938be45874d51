/**
 * A loopback HTTP server serving fixture feeds, with ETag/304 support and a request log, for integration and
 * end-to-end tests. Listens only on a loopback address (127.0.0.1 unless another 127.x is asked for).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  status?: number;
  body?: string | Buffer;
  contentType?: string;
  etag?: string;
  headers?: Record<string, string>;
  /** Custom behaviour (hang, reset, drip…). */
  handle?: (req: IncomingMessage, res: ServerResponse) => void;
}

export interface FeedServer {
  url: string;
  routes: Map<string, Route>;
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, Route>, host = '127.0.0.1'): Promise<FeedServer> {
  const map = new Map(Object.entries(routes));
  const requests: FeedServer['requests'] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const r = map.get(path);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (r.handle) return r.handle(req, res);
    if (r.etag && req.headers['if-none-match'] === r.etag) {
      res.writeHead(304, { etag: r.etag }).end();
      return;
    }
    res.writeHead(r.status ?? 200, {
      'content-type': r.contentType ?? 'application/rss+xml; charset=utf-8',
      ...(r.etag ? { etag: r.etag } : {}),
      ...r.headers,
    });
    res.end(r.body ?? '');
  });
  await new Promise<void>((res) => server.listen(0, host, res));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    routes: map,
    requests,
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections();
        server.close(() => res());
      }),
  };
}
