import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startHttpServer } from '../../../src/adapters/http-server';
import type { HttpRequest, HttpResponse } from '../../../src/ports';

/** Raw node:http request, so HEAD and Content-Length can be seen as sent. */
function call(url: string, method = 'GET', headers: Record<string, string> = {}, agent: Agent | false = false) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startHttpServer', () => {
  it('maps requests (lower-case headers, path, query) to the handler and its response back', async () => {
    // Prepare
    let seen: HttpRequest | undefined;
    const server = await startHttpServer(async (req) => {
      seen = req;
      return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-k': 'v' }, body: 'héllo' };
    }, { port: 0 });
    try {
      // Act
      const r = await call(`${server.url}/feed.xml?a=1&b=%20x`, 'GET', { 'If-None-Match': '"abc"' });
      // Assess
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(seen).toMatchObject({ method: 'GET', path: '/feed.xml', query: { a: '1', b: ' x' } });
      expect(seen?.headers['if-none-match']).toBe('"abc"');
      expect(r).toMatchObject({ status: 200, body: 'héllo' });
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength('héllo')));
      expect(r.headers['x-k']).toBe('v');
    } finally {
      await server.close();
    }
  });

  it('a handler that throws yields a generic 500 JSON, and the server keeps serving', async () => {
    // Prepare
    let calls = 0;
    const server = await startHttpServer(async (): Promise<HttpResponse> => {
      calls++;
      if (calls === 1) throw new Error('dynamodb: password=hunter2');
      return { status: 200, headers: {}, body: 'ok' };
    }, { port: 0 });
    try {
      // Act
      const failed = await call(`${server.url}/feed.xml`);
      const next = await call(`${server.url}/feed.xml`);
      // Assess
      expect(failed.status).toBe(500);
      expect(JSON.parse(failed.body)).toEqual({ error: 'internal server error' });
      expect(failed.body).not.toContain('hunter2');
      expect(next).toMatchObject({ status: 200, body: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('HEAD keeps the Content-Length the handler computed and sends no body', async () => {
    const server = await startHttpServer(async () => ({ status: 200, headers: { 'content-length': '1234' }, body: '' }), { port: 0 });
    try {
      const r = await call(`${server.url}/feed.xml`, 'HEAD');
      expect(r.status).toBe(200);
      expect(r.headers['content-length']).toBe('1234');
      expect(r.body).toBe('');
    } finally {
      await server.close();
    }
  });

  it('close() ends kept-alive connections and frees the port', async () => {
    // Prepare
    const server = await startHttpServer(async () => ({ status: 200, headers: {}, body: 'x' }), { port: 0 });
    const keepAlive = new Agent({ keepAlive: true });
    await call(`${server.url}/`, 'GET', {}, keepAlive);
    // Act: resolves only when the kept-alive socket was closed, too
    await server.close();
    // Assess
    keepAlive.destroy();
    await expect(call(`${server.url}/`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
