/**
 * The fetcher against real loopback servers (node:http on 127.0.0.1, port 0). No traffic leaves loopback:
 * refusals of other addresses happen before any connection is made.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpFetcher, DEFAULT_USER_AGENT, FetchError } from '../../../src/adapters/http-fetcher';
import { checkAddress } from '../../../src/adapters/net-guard';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>';
const closers: (() => void)[] = [];
afterEach(() => {
  while (closers.length) closers.pop()!();
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const loopbackOnly = (ip: string) => (ip === '127.0.0.1' ? undefined : checkAddress(ip));
const fetcher = (over: Parameters<typeof createHttpFetcher>[0] = { allowPrivateHosts: true }) => createHttpFetcher(over);

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error('expected a FetchError');
}

describe('http fetcher: success paths', () => {
  it('returns body, content type and validators on 200, naming the project in User-Agent', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const url = await serve((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v2"', 'last-modified': 'Sat, 01 Jun 2024 00:00:00 GMT', 'cache-control': 'max-age=300' });
      res.end(FEED);
    });
    const result = await fetcher().fetch({ url: `${url}/feed.xml` });
    expect(result).toMatchObject({ status: 'ok', httpStatus: 200, finalUrl: `${url}/feed.xml`, contentType: 'application/rss+xml; charset=utf-8', etag: '"v2"', lastModified: 'Sat, 01 Jun 2024 00:00:00 GMT', cacheControl: 'max-age=300' });
    expect(result.status === 'ok' && result.body.toString()).toBe(FEED);
    expect(seen['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(seen['user-agent']).toMatch(/^wiresieve\/0\.1 \(\+https:\/\/github\.com\/wiresieve\/wiresieve\)$/);
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends validators and maps 304 to not-modified with the newest validators', async () => {
    const url = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Fri, 31 May 2024 00:00:00 GMT') {
        res.writeHead(304, { etag: '"v1b"' });
        return res.end();
      }
      res.writeHead(200).end(FEED);
    });
    const result = await fetcher().fetch({ url, etag: '"v1"', lastModified: 'Fri, 31 May 2024 00:00:00 GMT' });
    expect(result).toEqual({ status: 'not-modified', httpStatus: 304, finalUrl: `${url}/`, etag: '"v1b"', lastModified: 'Fri, 31 May 2024 00:00:00 GMT', cacheControl: undefined });
  });

  it.each([
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['x-gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['br', (b: Buffer) => zlib.brotliCompressSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateRawSync(b)],
  ])('decompresses %s', async (coding, encode) => {
    const body = Buffer.from(FEED.repeat(50));
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-encoding': coding }).end(encode(body));
    });
    const result = await fetcher().fetch({ url });
    expect(result.status === 'ok' && result.body.equals(body)).toBe(true);
  });

  it('follows a chain of 5 redirects and reports the final URL', async () => {
    const url = await serve((req, res) => {
      const n = Number(req.url!.slice(1) || 0);
      if (n < 5) return res.writeHead(n % 2 ? 301 : 307, { location: `/${n + 1}` }).end();
      res.writeHead(200).end(FEED);
    });
    const result = await fetcher().fetch({ url: `${url}/0` });
    expect(result).toMatchObject({ status: 'ok', finalUrl: `${url}/5` });
  });
});

describe('http fetcher: refusals and faults', () => {
  it('refuses more than 5 redirects', async () => {
    const url = await serve((req, res) => {
      const n = Number(req.url!.slice(1) || 0);
      res.writeHead(302, { location: `/${n + 1}` }).end();
    });
    const err = await failure(fetcher().fetch({ url: `${url}/0` }));
    expect(err.kind).toBe('redirects');
    expect(err.message).toMatch(/^fetch: more than 5 redirects/);
  });

  it('refuses 127.0.0.1 without allowPrivateHosts, before connecting', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      res.end(FEED);
    });
    const err = await failure(fetcher({ allowPrivateHosts: false }).fetch({ url }));
    expect(err.kind).toBe('refused');
    expect(err.message).toContain('refused: 127.0.0.1 is a loopback address');
    expect(hits).toBe(0);
  });

  it('refuses a name resolving to loopback at lookup time', async () => {
    const url = await serve((_req, res) => res.end(FEED));
    const err = await failure(fetcher({ allowPrivateHosts: false }).fetch({ url: url.replace('127.0.0.1', 'localhost') }));
    expect(err.kind).toBe('refused');
    expect(err.message).toMatch(/refused: (127\.0\.0\.1|::1) is a loopback address/);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
    ['http://10.0.0.5/feed', 'refused: 10.0.0.5 is a private address'],
    ['http://[::1]:9/feed', 'refused: ::1 is a loopback address'],
    ['http://[fc00::1]/feed', 'refused: fc00::1 is a unique-local address'],
    ['http://[::ffff:169.254.169.254]/', 'refused: ::ffff:a9fe:a9fe is a link-local address'],
    ['http://[::127.0.0.1]:9/feed', 'refused: ::7f00:1 is an IPv4-compatible address'],
  ])('re-checks a redirect to %s', async (target, message) => {
    const url = await serve((_req, res) => res.writeHead(302, { location: target }).end());
    const err = await failure(fetcher({ allowPrivateHosts: false, addressPolicy: loopbackOnly }).fetch({ url }));
    expect(err.kind).toBe('refused');
    expect(err.message).toContain(message);
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/feed', 'gopher://x/', 'not a url'])('refuses %s as bad-url', async (target) => {
    const err = await failure(fetcher().fetch({ url: target }));
    expect(err.kind).toBe('bad-url');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const url = await serve((_req, res) => res.writeHead(301, { location: 'file:///etc/passwd' }).end());
    expect((await failure(fetcher().fetch({ url }))).kind).toBe('bad-url');
  });

  it('times out a server that never answers (total deadline)', async () => {
    const url = await serve(() => undefined);
    const started = Date.now();
    const err = await failure(fetcher({ allowPrivateHosts: true, totalTimeoutMs: 300 }).fetch({ url }));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('times out a slow drip that keeps sending bytes', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write('<'), 50);
      res.on('close', () => clearInterval(t));
    });
    const started = Date.now();
    const err = await failure(fetcher({ allowPrivateHosts: true, totalTimeoutMs: 400 }).fetch({ url }));
    expect(err.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('applies the connect deadline to the TLS handshake (a TCP server that never speaks TLS)', async () => {
    const server = net.createServer(() => undefined);
    const sockets: net.Socket[] = [];
    server.on('connection', (s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => {
      sockets.forEach((s) => s.destroy());
      server.close();
    });
    const port = (server.address() as AddressInfo).port;
    const err = await failure(fetcher({ allowPrivateHosts: true, connectTimeoutMs: 200, totalTimeoutMs: 5000 }).fetch({ url: `https://127.0.0.1:${port}/` }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/connect deadline of 200 ms/);
  });

  it('reports a connection reset mid-body as a network error', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '10000' });
      res.write('x'.repeat(100), () => res.socket?.destroy());
    });
    expect((await failure(fetcher().fetch({ url }))).kind).toBe('network');
  });

  it('reports connection refused as a network error', async () => {
    const url = await serve(() => undefined);
    closers.pop()!();
    await new Promise((r) => setTimeout(r, 20));
    expect((await failure(fetcher().fetch({ url }))).kind).toBe('network');
  });

  it('cuts a body that streams forever as soon as it passes the cap', async () => {
    let sent = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) sent += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const started = Date.now();
    const err = await failure(fetcher({ allowPrivateHosts: true, maxBytes: 256 * 1024 }).fetch({ url }));
    expect(err.kind).toBe('too-large');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('x');
    });
    const err = await failure(fetcher({ allowPrivateHosts: true, maxBytes: 1024 * 1024 }).fetch({ url }));
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/Content-Length/);
  });

  it('cuts a gzip bomb on the decompressed size', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(32 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const url = await serve((_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(bomb));
    const err = await failure(fetcher({ allowPrivateHosts: true, maxBytes: 1024 * 1024 }).fetch({ url }));
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/decompressed body/);
  });

  it.each([
    [429, { 'retry-after': '120' }, 120_000],
    [503, { 'retry-after': new Date(Date.now() + 600_000).toUTCString() }, 600_000],
    [503, {}, undefined],
  ])('parses Retry-After on %d', async (status, headers, want) => {
    const url = await serve((_req, res) => res.writeHead(status, headers).end());
    const err = await failure(fetcher().fetch({ url }));
    expect(err).toMatchObject({ kind: 'http', httpStatus: status });
    if (want === undefined) expect(err.retryAfterMs).toBeUndefined();
    else expect(err.retryAfterMs).toBeGreaterThan(want - 5000);
    if (want !== undefined) expect(err.retryAfterMs).toBeLessThanOrEqual(want);
  });

  it('reports other statuses as http errors without Retry-After', async () => {
    const url = await serve((_req, res) => res.writeHead(404, { 'retry-after': '5' }).end('nope'));
    const err = await failure(fetcher().fetch({ url }));
    expect(err).toMatchObject({ kind: 'http', httpStatus: 404, retryAfterMs: undefined });
    expect(err.message).toMatch(/^fetch: HTTP 404/);
  });
});
