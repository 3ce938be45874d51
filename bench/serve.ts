/**
 * `npm run bench -- serve`: requests per second for /feed.xml (50 stories) served by local mode's static server
 * (src/adapters/static-server.ts: h3's serveStatic over the folder the publisher wrote, 304s decided by fresh, its files held in
 * memory), 50 connections, beside a bare node:http server on the same bytes measured in the same run. The bare
 * server writes prerendered answers: the body as a Buffer and the very headers ours sent for that request
 * (taken from one request to ours at start), so both put the same response on the wire and the client parses
 * the same — what differs is only the work of finding and answering it:
 *   serve-200:      full responses, vs the bare server returning the prerendered Buffer
 *   serve-200-gzip: the same with Accept-Encoding: gzip (what feed readers send): the precompressed .gz file, vs
 *                   the bare server returning those gzipped bytes prerendered
 *   serve-304:      If-None-Match with the current ETag, vs the bare server answering 304 to that ETag
 * On AWS neither path runs code of ours: CloudFront and S3 answer. The servers run in a child process so
 * autocannon (this process) and the server each have a core. Each pair is measured in BENCH_ROUNDS rounds of
 * BENCH_SECONDS each, ours and the baseline back to back, the one first that went second the round before; the
 * line shows the medians (of the rates, and of the rounds' ratios), so one round that the machine's other work
 * slowed moves neither.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
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

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 50;
/** Headers node:http writes for each response itself. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
export const quietLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A stored story as publish leaves it: settled, its own representative (the bench stories' texts are alike). */
export function benchStory(i: number, now: number): StoredStory {
  const published = new Date(now - i * 600_000).toISOString();
  return {
    id: `bench${i}`,
    clusterId: `bench${i}`,
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
  // Our answers to the three requests, headers as sent (less the per-connection ones node:http adds itself):
  // the baseline sends the same, so both put the same bytes on the wire and the client parses the same.
  const answer = (headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, string> }>((resolve, reject) => {
      get(`${ours.url}/feed.xml`, { headers }, (res) => {
        res.resume();
        const sent: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (!PER_CONNECTION.has(k) && typeof v === 'string') sent[k] = v;
        res.on('end', () => resolve({ status: res.statusCode!, headers: sent }));
      }).on('error', reject);
    });
  const identity = await answer({});
  const etag = identity.headers.etag!;
  const encoded = await answer({ 'accept-encoding': 'gzip' });
  const notModified = await answer({ 'if-none-match': etag });
  if (identity.status !== 200 || encoded.status !== 200 || notModified.status !== 304) throw new Error('bench: unexpected answers from the static server');
  const body = readFileSync(join(dir, 'feed.xml'));
  const gzipped = readFileSync(join(dir, 'feed.xml.gz'));
  const bare = createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, notModified.headers);
      res.end();
      return;
    }
    const gz = req.headers['accept-encoding'] === 'gzip';
    res.writeHead(200, gz ? encoded.headers : identity.headers);
    res.end(gz ? gzipped : body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  console.log(JSON.stringify({ ours: ours.port, bare: barePort, etag, bytes: body.length, gzBytes: gzipped.length, headers: Object.keys(identity.headers).length }));
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
    const t = JSON.parse(line) as { ours: number; bare: number; etag: string; bytes: number; gzBytes: number; headers: number };
    const ours = `http://127.0.0.1:${t.ours}/feed.xml`;
    const bare = `http://127.0.0.1:${t.bare}/feed.xml`;
    await rps(ours); // warm-up (JIT, caches)
    await rps(bare);
    const median = (xs: number[]): number => {
      const s = [...xs].sort((a, b) => a - b);
      const m = s.length >> 1;
      return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    };
    /** ROUNDS rounds of ours and the baseline back to back, alternating which goes first. */
    const pair = async (headers: Record<string, string>) => {
      const o: number[] = [];
      const b: number[] = [];
      let non2xx = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const runOurs = async () => {
          const r = await rps(ours, headers);
          non2xx += r.non2xx;
          o.push(r.rps);
        };
        const runBare = async () => {
          b.push((await rps(bare, headers)).rps);
        };
        for (const run of i % 2 ? [runOurs, runBare] : [runBare, runOurs]) await run();
      }
      return { ours: median(o), bare: median(b), ratio: median(o.map((x, i) => x / b[i]!)), non2xx };
    };
    // SERVE_ONLY=200,200-gzip,304 measures only those pairs.
    const only = process.env.SERVE_ONLY?.split(',');
    const wanted = (name: string): boolean => !only || only.includes(name);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    if (wanted('200')) {
      const full = await pair({});
      if (full.non2xx !== 0) console.error(`bench: serve-200 saw ${full.non2xx} non-2xx responses`);
      console.log(`serve-200: ${fmt(full.ours)} req/s (${full.ratio.toFixed(2)}x vs bare node:http returning the prerendered Buffer, ${fmt(full.bare)} req/s)`);
    }
    if (wanted('200-gzip')) {
      const gz = await pair({ 'accept-encoding': 'gzip' });
      console.log(`serve-200-gzip: ${fmt(gz.ours)} req/s (${gz.ratio.toFixed(2)}x vs bare node:http returning the same gzipped bytes prerendered, ${fmt(gz.bare)} req/s)`);
    }
    if (wanted('304')) {
      const cond = await pair({ 'if-none-match': t.etag });
      if (cond.non2xx === 0) console.error('bench: serve-304 saw no 304 (the ETag did not match)');
      console.log(`serve-304: ${fmt(cond.ours)} req/s (${cond.ratio.toFixed(2)}x vs bare node:http answering 304 to the ETag precomputed, ${fmt(cond.bare)} req/s)`);
    }
    console.error(`  (${t.bytes}-byte feed, ${t.gzBytes} gzipped, ${t.headers} headers besides Date/Connection/Keep-Alive on both, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS}s each, medians)`);
  } finally {
    child.kill();
  }
}

if (process.argv.includes('--serve-target') && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serveTargets();
}
