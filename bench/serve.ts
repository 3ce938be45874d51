/**
 * `npm run bench -- serve`: requests per second for /feed.xml with 50 stories in a memory store, 50 connections,
 * against a bare node:http server returning the same bytes prerendered, measured in the same run.
 *   serve-200: full responses (the rendering is cached per feed version; a request costs one feedVersion() read)
 *   serve-304: conditional requests with a matching If-None-Match
 * The servers run in a child process so autocannon (this process) and the server each have a core.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { startHttpServer } from '../src/adapters/http-server';
import { MemorySourceStore, MemoryStoryStore } from '../src/adapters/memory-store';
import { createPublisher } from '../src/pipeline/publish';
import type { StoredStory } from '../src/core/story';

// autocannon ships no types; this is the part of its API used here.
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }) => Promise<{
  requests: { average: number };
  non2xx: number;
}>;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 50;

function story(i: number, now: number): StoredStory {
  const published = new Date(now - i * 600_000).toISOString();
  return {
    id: `bench${i}`,
    title: `Story ${i}: Korea and China hold talks on trade & border issues`,
    link: `https://news.example/story/${i}`,
    canonicalUrl: `https://news.example/story/${i}`,
    summary: 'Officials from Seoul and Beijing met on Tuesday to discuss trade, the border and sanctions. '.repeat(3),
    published,
    publishedFromFeed: true,
    categories: [],
    source: { id: 's', name: 'Example Wire', url: 'https://news.example/rss' },
    decision: { kept: true, topics: ['korea-china'], rule: 'korea-china', score: 2, reason: 'kept by rule korea-china', matches: [] },
    firstSeen: published,
  };
}

/** Child process: both servers on loopback; prints their ports as one JSON line. */
async function serveTargets(): Promise<void> {
  const now = Date.now();
  const stories = new MemoryStoryStore();
  for (let i = 0; i < 50; i++) await stories.putStory(story(i, now), 0);
  await stories.bumpFeedVersion(new Date(now).toISOString());
  const publisher = createPublisher({
    stories,
    sources: new MemorySourceStore(),
    settings: { title: 'bench', description: 'bench feed', baseUrl: 'http://127.0.0.1:8080', language: 'en', maxItems: 50 },
    sourceConfigs: [],
    topics: ['korea-china'],
  });
  const ours = await startHttpServer(publisher.handle, { port: 0 });
  const first = await publisher.handle({ method: 'GET', path: '/feed.xml', query: {}, headers: {} });
  const body = first.body;
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  console.log(JSON.stringify({ ours: ours.port, bare: barePort, etag: first.headers.etag, bytes: Buffer.byteLength(body) }));
}

async function rps(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; non2xx: number }> {
  const autocannon = ((await import('autocannon' as string)) as { default: Autocannon }).default;
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  return { rps: r.requests.average, non2xx: r.non2xx };
}

export default async function serve(): Promise<void> {
  const child = spawn(process.execPath, [resolve('bin/run-ts.js'), fileURLToPath(import.meta.url), '--serve-target'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((res, rej) => {
      child.stdout.once('data', (d: Buffer) => res(d.toString().trim()));
      child.once('exit', (code) => rej(new Error(`bench: serve target exited (${code})`)));
    });
    const t = JSON.parse(line) as { ours: number; bare: number; etag: string; bytes: number };
    const path = '/feed.xml';
    await rps(`http://127.0.0.1:${t.ours}${path}`); // warm-up (JIT, caches)
    const bare = await rps(`http://127.0.0.1:${t.bare}${path}`);
    const full = await rps(`http://127.0.0.1:${t.ours}${path}`);
    const cond = await rps(`http://127.0.0.1:${t.ours}${path}`, { 'if-none-match': t.etag });
    if (full.non2xx !== 0) console.error(`bench: serve-200 saw ${full.non2xx} non-2xx responses`);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`serve-200: ${fmt(full.rps)} req/s (${(full.rps / bare.rps).toFixed(1)}x vs prerendered string)`);
    console.log(`serve-304: ${fmt(cond.rps)} req/s (${(cond.rps / bare.rps).toFixed(1)}x vs prerendered string)`);
    console.error(`  (${t.bytes}-byte feed, ${CONNECTIONS} connections, ${SECONDS}s each; prerendered string ${fmt(bare.rps)} req/s)`);
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--serve-target') && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serveTargets();
}
