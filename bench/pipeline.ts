/**
 * `npm run bench -- pipeline`: the parse path (core/parse.ts: decode, item limit, prolog checks, repairs,
 * rss-parser, normalize, sanitize) on a corpus of real feeds, against a raw fast-xml-parser pass over the same
 * bytes in the same run (attributes kept, as any feed reading needs them: Atom links, guid@isPermaLink).
 *
 * The corpus is read at run time, never copied: rss-parser's 31 real-world inputs and the well-formed feedparser
 * test files that carry items (both under ../shared/conformance, CONFORMANCE_DIR), the repository's fixture feeds, and the
 * Korean and Chinese fixtures re-encoded as EUC-KR, GB18030 and Big5 (labelled, and one unlabelled so charset
 * detection runs). Rounds alternate the two passes; each round's ratio is parse / raw, the figure is the median.
 *
 * Prints `pipeline: N items/s (R.Rx vs raw XML parse)`, and beside it rss-parser alone and parse + classify
 * (the rules of config/rules.yml on every item) against the same floor, for orientation.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import Parser from 'rss-parser';
import { parseFeed } from '../src/core/parse';
import { compileRules } from '../src/core/rules/index';
import { classifyInput } from '../src/pipeline/classify-input';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFORMANCE = resolve(process.env.CONFORMANCE_DIR ?? '/work/shared/conformance');
const ROUNDS = Number(process.env.PIPELINE_ROUNDS ?? 9);

export interface Doc { name: string; body: Buffer; contentType?: string }

function files(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Real feeds with items, read from where they live (see the header). */
export function corpus(): Doc[] {
  const docs: Doc[] = [];
  for (const p of files(join(CONFORMANCE, 'rss-parser-inputs/input'))) docs.push({ name: p, body: readFileSync(p) });
  // The feedparser files that are well-formed feeds with at least one item or entry (most are one-assertion
  // snippets; its `illformed/` area is broken on purpose — the conformance run covers those).
  for (const p of files(join(CONFORMANCE, 'feedparser/files/wellformed'))) {
    const body = readFileSync(p);
    if (body.length > 400 && /<(item|entry)[\s>]/.test(body.toString('latin1'))) docs.push({ name: p, body });
  }
  for (const dir of ['test/fixtures/e2e', 'test/fixtures/feeds', 'test/integration/aws/fixtures']) {
    for (const p of files(join(ROOT, dir))) docs.push({ name: p, body: readFileSync(p) });
  }
  const ko = readFileSync(join(ROOT, 'test/fixtures/e2e/wire-ko.xml'), 'utf8');
  const zh = readFileSync(join(ROOT, 'test/fixtures/e2e/wire-zh.xml'), 'utf8');
  const relabel = (xml: string, label: string): string => xml.replace(/encoding="[^"]*"/i, `encoding="${label}"`);
  docs.push({ name: 'wire-ko (EUC-KR)', body: iconv.encode(relabel(ko, 'EUC-KR'), 'cp949') });
  docs.push({ name: 'wire-ko (CP949, unlabelled)', body: iconv.encode(ko.replace(/^<\?xml[^>]*\?>/, ''), 'cp949') });
  docs.push({ name: 'wire-zh (GB18030)', body: iconv.encode(relabel(zh, 'GB18030'), 'gb18030'), contentType: 'application/rss+xml; charset=gbk' });
  docs.push({ name: 'wire-zh (Big5)', body: iconv.encode(relabel(zh, 'Big5'), 'cp950') });
  return docs;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export default async function pipeline(): Promise<void> {
  const docs = corpus();
  const now = new Date('2026-11-28T06:00:00Z');
  const source = { id: 'bench', name: 'Bench', url: 'https://bench.example/feed.xml' };
  // Documents parseFeed refuses (a few feedparser files are deliberately broken) are left out of both passes.
  const ok = docs.filter((d) => {
    try {
      return parseFeed(d.body, d.contentType, { source, now }).stories.length > 0;
    } catch {
      return false;
    }
  });
  const items = ok.reduce((n, d) => n + parseFeed(d.body, d.contentType, { source, now }).stories.length, 0);
  const bytes = ok.reduce((n, d) => n + d.body.length, 0);
  const xml = new XMLParser(process.env.FXP_DEFAULT ? {} : { ignoreAttributes: false });
  const rss = new Parser({ defaultRSS: 2 });
  const rules = compileRules(readFileSync(join(ROOT, 'config/rules.yml'), 'utf8'), 'config/rules.yml');

  const raw = (): void => {
    for (const d of ok) xml.parse(d.body);
  };
  const parse = (): void => {
    for (const d of ok) parseFeed(d.body, d.contentType, { source, now });
  };
  const classify = (): void => {
    for (const d of ok) for (const s of parseFeed(d.body, d.contentType, { source, now }).stories) rules.classify(classifyInput(s));
  };
  // rss-parser's parseString calls back synchronously (xml2js), so its time is measurable without awaiting.
  const rssOnly = (): void => {
    for (const d of ok) void rss.parseString(d.body.toString('utf8')).catch(() => undefined);
  };
  for (let i = 0; i < 2; i++) [raw, parse, classify, rssOnly].forEach((f) => f()); // warm-up

  const ratios = { parse: [] as number[], classify: [] as number[], rss: [] as number[] };
  const parseMs: number[] = [];
  const rawMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = time(raw);
    const p = time(parse);
    const c = time(classify);
    const s = time(rssOnly);
    rawMs.push(b);
    parseMs.push(p);
    ratios.parse.push(p / b);
    ratios.classify.push(c / b);
    ratios.rss.push(s / b);
  }
  const perSecond = Math.round(items / (median(parseMs) / 1000));
  console.log(`pipeline-corpus: ${ok.length} feeds, ${(bytes / 1e6).toFixed(1)} MB, ${items} items; raw XML parse ${median(rawMs).toFixed(0)} ms, parse path ${median(parseMs).toFixed(0)} ms (medians of ${ROUNDS})`);
  console.log(`pipeline-rss-parser: rss-parser alone (${median(ratios.rss).toFixed(1)}x vs raw XML parse)`);
  console.log(`pipeline-classify: parse + classify (${median(ratios.classify).toFixed(1)}x vs raw XML parse)`);
  console.log(`pipeline: ${perSecond} items/s (${median(ratios.parse).toFixed(1)}x vs raw XML parse)`);
}
