/**
 * `npm run conformance`: runs parseFeed over the external corpus in /work/shared/conformance (read at run
 * time, never copied) and checks what the Story model can honour.
 *
 * - feedparser/files/** with manifest.jsonl: every file is parsed (HTTP cases get their Content-Type and their
 *   document URL / Content-Location as base, as if fetched); the manifest's assertions are mapped to the model:
 *     encoding → decode charset · feed.title(_detail.value) → ParsedFeed.title · feed.link → ParsedFeed.link ·
 *     entries[i].title(_detail.value) → title · .link → link · .id/.guid → guid ·
 *     .published/updated/created_parsed → published (first date the entry gives) ·
 *     .summary/.description(_detail.value) → summary · .content[0].value → content (same text, and every absolute
 *     URL expected is present) · .author / .author_detail.name → author.
 *   Titles and summaries are plain text in the model, so expected HTML is compared through htmlToText.
 *   Everything else (links[] rel/type, contributors, copyright, tagline, version, …) is not in the model: skipped
 *   and listed with counts.
 * - rss-parser-inputs: the goldens' feed title, item count and item title/link/date must match.
 * - feedparser/date-vectors.jsonl: parseDate against expected_utc (null = must be rejected).
 *
 * Each file runs in a worker thread with a per-file time limit: a file over the limit is a hang, the worker is
 * terminated and a fresh one continues. A crash is any exception other than a clean ParseError.
 * Last line: `conformance: N files, C crashes, M/K expectations met`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { pathToFileURL, fileURLToPath } from 'node:url';

const ROOT = resolve(process.env.CONFORMANCE_DIR ?? '/work/shared/conformance');
const FILE_LIMIT_MS = 2000;

interface Job { kind: 'feedparser' | 'rss-parser'; file: string; manifest?: ManifestEntry; golden?: string }
interface ManifestEntry { file: string; assertions: Assertion[] | null; http: { url: string; headers: Record<string, string> } | null }
interface Assertion { path: (string | number)[]; op: string; value: unknown; utc?: string }
interface Outcome { file: string; crash?: string; parseError?: string; met: number; total: number; misses: string[]; skipped: string[] }

if (isMainThread) await main();
else await workerLoop();

async function main(): Promise<void> {
  const jobs: Job[] = [];
  const fp = join(ROOT, 'feedparser');
  for (const line of readFileSync(join(fp, 'manifest.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const m = JSON.parse(line) as ManifestEntry;
    jobs.push({ kind: 'feedparser', file: join(fp, m.file), manifest: m });
  }
  const rp = join(ROOT, 'rss-parser-inputs');
  const index = JSON.parse(readFileSync(join(rp, 'index.json'), 'utf8')) as { cases: { input: string; output: string }[] };
  const golden = new Map(index.cases.map((c) => [c.input, c.output]));
  for (const name of readdirSync(join(rp, 'input')).sort()) {
    const out = golden.get(`input/${name}`);
    jobs.push({ kind: 'rss-parser', file: join(rp, 'input', name), golden: out ? join(rp, out) : undefined });
  }

  const outcomes: Outcome[] = [];
  let hangs = 0;
  let next = 0;
  while (next < jobs.length) {
    const worker = spawn();
    await new Promise<void>((done) => {
      let timer: NodeJS.Timeout;
      const send = (): void => {
        if (next >= jobs.length) return void worker.terminate().then(() => done());
        worker.postMessage(jobs[next]);
        timer = setTimeout(() => {
          outcomes.push({ file: jobs[next]!.file, crash: `hang (> ${FILE_LIMIT_MS} ms)`, met: 0, total: 0, misses: [], skipped: [] });
          hangs++;
          next++;
          void worker.terminate().then(() => done());
        }, FILE_LIMIT_MS);
      };
      worker.on('message', (o: Outcome) => {
        clearTimeout(timer);
        outcomes.push(o);
        next++;
        send();
      });
      worker.on('error', (e) => {
        clearTimeout(timer);
        outcomes.push({ file: jobs[next]!.file, crash: `worker died: ${e.message}`, met: 0, total: 0, misses: [], skipped: [] });
        next++;
        done();
      });
      send();
    });
  }

  const { parseDate } = await import('../src/core/dates');
  const vectors = readFileSync(join(fp, 'date-vectors.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { input: string; expected_utc: string | null; family: string });
  const dateMisses: string[] = [];
  let datePass = 0;
  for (const v of vectors) {
    const got = parseDate(v.input);
    // The vectors come from struct_time, which has whole seconds; compare at that precision.
    const ok = v.expected_utc === null ? got === undefined : got !== undefined && Math.floor(got.getTime() / 1000) === Date.parse(v.expected_utc) / 1000;
    if (ok) datePass++;
    else dateMisses.push(`${v.family}: ${JSON.stringify(v.input)} → ${got?.toISOString() ?? 'rejected'} (want ${v.expected_utc ?? 'rejected'})`);
  }

  const crashes = outcomes.filter((o) => o.crash);
  const met = outcomes.reduce((n, o) => n + o.met, 0);
  const total = outcomes.reduce((n, o) => n + o.total, 0);
  const skipped = new Map<string, number>();
  for (const o of outcomes) for (const s of o.skipped) skipped.set(s, (skipped.get(s) ?? 0) + 1);
  const parseErrors = outcomes.filter((o) => o.parseError);
  const verbose = process.argv.includes('--verbose');

  console.log(`date vectors: ${datePass}/${vectors.length} passed`);
  for (const m of dateMisses) console.log(`  miss ${m}`);
  console.log(`clean ParseErrors: ${parseErrors.length} files${verbose ? '' : ' (--verbose lists them)'}`);
  if (verbose) for (const o of parseErrors) console.log(`  ${rel(o.file)}: ${o.parseError}`);
  console.log('skipped assertions (field not in the Story model):');
  for (const [k, n] of [...skipped].sort((a, b) => b[1] - a[1])) console.log(`  ${n} × ${k}`);
  const missed = outcomes.filter((o) => o.misses.length);
  console.log(`files with unmet expectations: ${missed.length}${verbose ? '' : ' (--verbose lists them)'}`);
  if (verbose) for (const o of missed) for (const m of o.misses) console.log(`  ${rel(o.file)}: ${m}`);
  for (const o of crashes) console.log(`  CRASH ${rel(o.file)}: ${o.crash}`);
  for (const part of ['feedparser', 'rss-parser-inputs']) {
    const mine = outcomes.filter((o) => rel(o.file).startsWith(part));
    console.log(`${part}: ${mine.length} files, ${mine.reduce((n, o) => n + o.met, 0)}/${mine.reduce((n, o) => n + o.total, 0)} expectations met`);
  }
  console.log(`hangs: ${hangs}`);
  console.log(`conformance: ${outcomes.length} files, ${crashes.length} crashes, ${met}/${total} expectations met`);
}

function rel(file: string): string {
  return file.startsWith(ROOT) ? file.slice(ROOT.length + 1) : file;
}

function spawn(): Worker {
  const self = fileURLToPath(import.meta.url);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(self).href)}); });`;
  return new Worker(boot, { eval: true });
}

async function workerLoop(): Promise<void> {
  const { parseFeed, ParseError } = await import('../src/core/parse');
  const { decodeFeedBytes } = await import('../src/core/decode');
  const { htmlToText } = await import('../src/core/sanitize');
  const { bound, SUMMARY_MAX, authorName } = await import('../src/core/normalize');
  const url = (u: unknown): string | undefined => {
    try { return new URL(String(u)).href; } catch { return u === undefined ? undefined : String(u); }
  };
  type Parsed = ReturnType<typeof parseFeed>;
  const now = new Date('2000-01-01T00:00:00Z');
  const norm = (s: unknown): string => String(s ?? '').replace(/\s+/g, ' ').trim();
  const text = (s: unknown): string => htmlToText(String(s ?? ''));

  /** [actual, expected] in comparable form, or undefined when the path is not in the model. */
  function map(a: Assertion, feed: Parsed, charset: string): [unknown, unknown] | undefined {
    const p = a.path.map(String);
    const key = p.filter((x) => !/^\d+$/.test(x)).join('.');
    if (key === 'encoding') return [charset, String(a.value).toLowerCase()];
    if (key === 'feed.title' || key === 'feed.title_detail.value') return [norm(feed.title), text(a.value)];
    if (key === 'feed.link') return [url(feed.link), url(a.value)];
    if (p[0] !== 'entries') return undefined;
    const s = feed.stories[Number(p[1])];
    const field = p.slice(2).filter((x) => !/^\d+$/.test(x)).join('.');
    const v = a.value;
    switch (field) {
      case 'title': case 'title_detail.value': return [s?.title, text(v)];
      case 'link': return [s?.link === '' ? undefined : url(s?.link), url(v)];
      case 'id': case 'guid': return [s?.guid, v];
      case 'published_parsed': case 'updated_parsed': case 'created_parsed':
        return [s?.publishedFromFeed ? s.published : undefined, a.utc ? new Date(a.utc).toISOString() : v];
      case 'summary': case 'description': case 'summary_detail.value': return [s?.summary, bound(text(v), SUMMARY_MAX)];
      case 'content.value': {
        const urls = [...String(v).matchAll(/(?:href|src)="(https?:[^"]+)"/g)].map((m) => m[1]!);
        const ok = s?.content !== undefined && text(s.content) === text(v) && urls.every((u) => s.content!.includes(u));
        return [ok, true];
      }
      case 'author': case 'author_detail.name': return [s?.author, authorName(String(v))];
      default: return undefined;
    }
  }

  function check(job: Job): Outcome {
    const out: Outcome = { file: job.file, met: 0, total: 0, misses: [], skipped: [] };
    const body = readFileSync(job.file);
    const headers = Object.fromEntries(Object.entries(job.manifest?.http?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const docUrl = job.manifest?.http?.url ?? `http://conformance.invalid/${rel(job.file)}`;
    const baseUrl = headers['content-location'] ? new URL(headers['content-location'], docUrl).toString() : docUrl;
    let feed: Parsed | undefined;
    try {
      feed = parseFeed(body, headers['content-type'], { source: { id: 'conformance', name: 'conformance', url: docUrl }, now, baseUrl });
    } catch (e) {
      if (e instanceof ParseError) out.parseError = e.message;
      else out.crash = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
    const charset = decodeFeedBytes(body, headers['content-type']).charset;
    if (job.kind === 'feedparser') {
      for (const a of job.manifest!.assertions ?? []) {
        const pair = feed ? map(a, feed, charset) : map(a, { stories: [] }, charset);
        if (!pair) { out.skipped.push(a.path.map((x) => (typeof x === 'number' ? '[]' : x)).join('.')); continue; }
        out.total++;
        const [actual, expected] = pair;
        const pass = a.op === '==' ? norm(actual) === norm(expected) && actual !== undefined
          : a.op === 'falsy' ? !actual : a.op === 'truthy' ? !!actual : a.op === 'absent' ? actual === undefined || actual === '' : false;
        if (pass) out.met++;
        else out.misses.push(`${a.path.join('.')} ${a.op}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}${out.parseError ? ` [${out.parseError}]` : ''}`);
      }
    } else if (job.golden) {
      const g = (JSON.parse(readFileSync(job.golden, 'utf8')) as { feed: { title?: string; items: { title?: string; link?: string; isoDate?: string }[] } }).feed;
      const expect = (label: string, actual: unknown, expected: unknown): void => {
        // rss-parser read this file as UTF-8 regardless of its declared charset; its golden holds U+FFFD.
        if (String(expected).includes('\ufffd')) return void out.skipped.push('golden text is mojibake (rss-parser ignores the XML charset)');
        out.total++;
        if (norm(actual) === norm(expected)) out.met++;
        else out.misses.push(`${label}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
      };
      if (g.title) expect('feed.title', feed?.title, text(g.title));
      expect('items.length', feed?.stories.length, g.items.length);
      g.items.forEach((item, i) => {
        const s = feed?.stories[i];
        if (typeof item.title === 'string') expect(`items[${i}].title`, s?.title, text(item.title));
        if (typeof item.link === 'string' && /^https?:/.test(item.link)) expect(`items[${i}].link`, url(s?.link), url(item.link));
        if (item.isoDate) expect(`items[${i}].isoDate`, s?.publishedFromFeed ? s.published : undefined, item.isoDate);
      });
    }
    return out;
  }
  parentPort!.on('message', (job: Job) => parentPort!.postMessage(check(job)));
}
