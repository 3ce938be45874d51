import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createWebSubNotifier } from '../../../src/adapters/websub';

/** A loopback WebSub hub that records what publishers send and answers as told. */
async function hub(answer: (res: ServerResponse) => void) {
  const received: Array<{ method?: string; type?: string; body: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`;
  return { url, received, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

const topics = ['http://feeds.example/feed.xml', 'http://feeds.example/feed.atom'];

describe('createWebSubNotifier', () => {
  it('POSTs hub.mode=publish with every topic URL, form-encoded', async () => {
    // Prepare
    const h = await hub((res) => res.writeHead(204).end());
    const notifier = createWebSubNotifier({ hubUrl: h.url, topicUrls: topics });
    try {
      // Act
      await notifier.feedChanged();
      // Assess
      expect(h.received).toHaveLength(1);
      expect(h.received[0]?.method).toBe('POST');
      expect(h.received[0]?.type).toBe('application/x-www-form-urlencoded');
      const form = new URLSearchParams(h.received[0]?.body);
      expect(form.get('hub.mode')).toBe('publish');
      expect(form.getAll('hub.url')).toEqual(topics);
      expect(notifier.lastResult).toEqual({ ok: true, status: 204 });
    } finally {
      await h.close();
    }
  });

  it.each([
    ['answers 500', (res: ServerResponse) => res.writeHead(500).end('boom'), /websub: hub answered 500/],
    ['never answers', (_res: ServerResponse) => undefined, /websub: ping failed: timed out after 200 ms/],
  ])('a hub that %s is reported, never thrown', async (_name, answer, error) => {
    // Prepare
    const h = await hub(answer);
    const notifier = createWebSubNotifier({ hubUrl: h.url, topicUrls: topics, timeoutMs: 200 });
    try {
      // Act
      await expect(notifier.feedChanged()).resolves.toBeUndefined();
      // Assess
      expect(notifier.lastResult?.ok).toBe(false);
      expect(notifier.lastResult?.error).toMatch(error);
    } finally {
      await h.close();
    }
  });

  it('an unreachable hub is reported, never thrown', async () => {
    const notifier = createWebSubNotifier({ hubUrl: 'http://127.0.0.1:1/hub', topicUrls: topics, timeoutMs: 1000 });
    const result = await notifier.ping();
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^websub: ping failed: /);
  });
});
