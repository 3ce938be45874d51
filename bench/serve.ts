/**
 * `npm run bench -- serve`: requests per second for /feed.xml (50 stories) served by local mode's static server
 * (src/adapters/static-server.ts: sirv over the folder the publisher wrote), 50 connections, beside a bare
 * node:http server on the same bytes measured in the same run:
 *   serve-200:      full responses, vs a bare server returning the prerendered Buffer
 *   serve-200-gzip: the same with Accept-Encoding: gzip (what feed readers send): the precompressed .gz file, vs
 *                   a bare server returning those gzipped bytes as a prerendered Buffer
 *   serve-304:      If-None-Match with the current ETag, vs a bare server answering 304 to a precomputed ETag
 * On AWS neither path runs code of ours: CloudFront and S3 answer. The servers run in a child process so
 * autocannon (this process) and the server each have a core.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MemorySourceStore, MemoryStoryStore } from '../src/adapters/memory-store';
import { startStaticServer } from '../src/adapters/static-server';
import type { StoredStory } from '../src/core/story';
import type { Logger } from '../src/ports';
import { createSitePublisher, folderSite } from '../src/services/publisher';

// autocannon ships no types; this is the part of its API used here.
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }) => Promise<{
  requests: { average: number };
  non2xx: number;
  '2xx': number;
}>;

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 50;
export const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function benchStory(i: number, now: number): StoredStory {
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
  for (let i = 0; i < 50; i++) await stories.putStory(benchStory(i, now), 0);
  await stories.bumpFeedVersion(new Date(now).toISOString());
  const dir = mkdtempSync(join(tmpdir(), 'ws-bench-site-'));
  const ours = await startStaticServer({ dir, port: 0 });
  const publisher = createSitePublisher({
    stores: { stories, sources: new MemorySourceStore() },
    sink: folderSite(dir),
    settings: { title: 'bench', description: 'bench feed', baseUrl: ours.url, language: 'en', maxItems: 50 },
    sourceConfigs: [],
    topics: ['korea-china'],
    logger: quietLogger,
  });
  await publisher.publish();
  ours.reload();
  // The identity representation's ETag (fetch would ask for brotli and get the .br copy's).
  const etag = (await fetch(`${ours.url}/feed.xml`, { headers: { 'accept-encoding': 'identity' } })).headers.get('etag')!;
  const body = readFileSync(join(dir, 'feed.xml'));
  const gzipped = readFileSync(join(dir, 'feed.xml.gz'));
  const bareTag = '"bare-etag"';
  const bare = createServer((req, res) => {
    if (req.headers['if-none-match'] === bareTag) {
      res.writeHead(304, { etag: bareTag, 'cache-control': 'public, max-age=300' });
      res.end();
      return;
    }
    const gz = req.headers['accept-encoding'] === 'gzip';
    const bytes = gz ? gzipped : body;
    res.writeHead(200, {
      'content-type': 'application/xml; charset=utf-8', 'content-length': bytes.length, etag: bareTag, 'cache-control': 'public, max-age=300',
      ...(gz ? { 'content-encoding': 'gzip', vary: 'Accept-Encoding' } : {}),
    });
    res.end(bytes);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  console.log(JSON.stringify({ ours: ours.port, bare: barePort, etag, bareTag, bytes: body.length, gzBytes: gzipped.length }));
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
    const t = JSON.parse(line) as { ours: number; bare: number; etag: string; bareTag: string; bytes: number; gzBytes: number };
    const ours = `http://127.0.0.1:${t.ours}/feed.xml`;
    const bare = `http://127.0.0.1:${t.bare}/feed.xml`;
    await rps(ours); // warm-up (JIT, page cache)
    await rps(bare);
    // Interleaved: ours and its baseline back to back, so drift in the machine's speed hits both.
    const bare200 = await rps(bare);
    const full = await rps(ours);
    const bareGz = await rps(bare, { 'accept-encoding': 'gzip' });
    const gz = await rps(ours, { 'accept-encoding': 'gzip' });
    const bare304 = await rps(bare, { 'if-none-match': t.bareTag });
    const cond = await rps(ours, { 'if-none-match': t.etag });
    if (full.non2xx !== 0) console.error(`bench: serve-200 saw ${full.non2xx} non-2xx responses`);
    if (cond.non2xx === 0) console.error('bench: serve-304 saw no 304 (the ETag did not match)');
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    console.log(`serve-200: ${fmt(full.rps)} req/s (${(full.rps / bare200.rps).toFixed(2)}x vs bare node:http returning the prerendered Buffer, ${fmt(bare200.rps)} req/s)`);
    console.log(`serve-200-gzip: ${fmt(gz.rps)} req/s (${(gz.rps / bareGz.rps).toFixed(2)}x vs bare node:http returning the same gzipped bytes prerendered, ${fmt(bareGz.rps)} req/s)`);
    console.log(`serve-304: ${fmt(cond.rps)} req/s (${(cond.rps / bare304.rps).toFixed(2)}x vs bare node:http answering 304 to a precomputed ETag, ${fmt(bare304.rps)} req/s)`);
    console.error(`  (${t.bytes}-byte feed, ${t.gzBytes} gzipped, ${CONNECTIONS} connections, ${SECONDS}s each)`);
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--serve-target') && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serveTargets();
}
