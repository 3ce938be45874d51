/**
 * The local HTTP server (`wiresieve serve`): node:http in front of the same handler the Lambda `feed` function
 * uses. Maps Node requests to HttpRequest (lower-case header names, decoded query) and HttpResponse back.
 * A handler that throws never takes the server down: the client gets a 500 with a generic JSON body and the
 * error goes to the logger, not to the client.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse, Logger } from '../ports';

export interface HttpServerOptions {
  port: number;
  /** Default 127.0.0.1: the local server is for this machine unless the operator says otherwise. */
  host?: string;
  logger?: Logger;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function toHttpRequest(req: IncomingMessage): HttpRequest {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: Object.fromEntries(url.searchParams), headers };
}

const INTERNAL_ERROR: HttpResponse = {
  status: 500,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({ error: 'internal server error' }),
};

function send(res: ServerResponse, method: string, r: HttpResponse): void {
  const body = typeof r.body === 'string' ? Buffer.from(r.body, 'utf8') : r.body;
  const headers = { ...r.headers };
  // HEAD and 304 keep the Content-Length the handler computed for the full representation.
  if (headers['content-length'] === undefined && r.status !== 304 && r.status !== 204) headers['content-length'] = String(body.length);
  res.writeHead(r.status, headers);
  res.end(method === 'HEAD' || r.status === 304 ? undefined : body);
}

export async function startHttpServer(
  handler: (req: HttpRequest) => Promise<HttpResponse>,
  opts: HttpServerOptions,
): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    req.resume(); // the routes take no request body; drain whatever comes
    let request: HttpRequest;
    try {
      request = toHttpRequest(req);
    } catch {
      send(res, 'GET', { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"error":"bad request"}' });
      return;
    }
    handler(request)
      .catch((err: unknown) => {
        opts.logger?.error('http-server: handler failed', { path: request.path, error: String(err) });
        return INTERNAL_ERROR;
      })
      .then((r) => send(res, request.method, r))
      .catch((err: unknown) => {
        opts.logger?.error('http-server: could not send the response', { path: request.path, error: String(err) });
        res.destroy();
      });
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
