/**
 * End to end: `wiresieve serve` exactly as an operator runs it (a child process, embedded DynamoDB Local with
 * its data in a temporary folder), pointed at a sources file of loopback fixture feeds — three good feeds in
 * English (RSS 2.0), Korean (Atom, relative links) and Chinese, a second outlet syndicating the English lead
 * story under a "(LEAD)" title and a tracking URL, plus an HTML page, a 500 and truncated XML.
 * It checks the progress lines, the published RSS/Atom/JSON feeds (kept stories in, dropped ones out, errors of
 * bad sources visible in /sources.json), that two real readers read the same items, and that Ctrl-C leaves no
 * Java process behind.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../helpers/feed-server';
import { readWithFeedparser, readWithNewsboat } from '../helpers/readers';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/e2e/${name}`, import.meta.url), 'utf8');

const KEPT = [
  "Kim Jong-un honours Chinese People's Volunteers at war cemetery",
  "Seoul and Beijing agree to resume foreign ministers' strategic dialogue",
  '한중 외교장관 베이징서 회담…북한 비핵화 협력 논의',
  '中韩外长举行会谈 同意加强双边合作',
];
const DROPPED = ['South Korea and Japan hold summit in Tokyo on economic security', 'Seoul shares close higher on chip rally', '북중미 월드컵 예선 일정 확정', '서울 아파트값 3주 연속 상승', '中企加快数字化转型'];

let feeds: FeedServer;
let dir: string;
let child: ChildProcess;
let base: string;
let output = '';

function waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = (): void => {
      const m = output.match(pattern);
      if (m) return resolve(m);
      if (child.exitCode !== null) return reject(new Error(`wiresieve exited (${child.exitCode}):\n${output}`));
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${pattern}:\n${output}`));
      setTimeout(check, 50);
    };
    check();
  });
}

beforeAll(async () => {
  feeds = await startFeedServer({
    '/en.xml': { body: fixture('wire-en.xml'), etag: '"en-1"' },
    '/ko.xml': { body: fixture('wire-ko.xml'), contentType: 'application/atom+xml; charset=utf-8' },
    '/zh.xml': { body: fixture('wire-zh.xml') },
    '/syndicated.xml': { body: fixture('wire-syndicated.xml') },
    '/html': { body: '<!doctype html><html><head><title>Home</title></head><body><p>Not a feed</p></body></html>', contentType: 'text/html; charset=utf-8' },
    '/500': { status: 500, body: 'internal error', contentType: 'text/plain' },
    '/truncated.xml': { body: fixture('wire-en.xml').slice(0, 900) },
  });
  dir = mkdtempSync(join(tmpdir(), 'wiresieve-e2e-'));
  const sources = `sources:
  - name: Example Wire EN
    url: ${feeds.url}/en.xml
  - name: 예시통신
    url: ${feeds.url}/ko.xml
    lang: ko
  - name: 示例通讯社
    url: ${feeds.url}/zh.xml
  - name: Example Syndicate
    url: ${feeds.url}/syndicated.xml
  - name: Not A Feed
    url: ${feeds.url}/html
  - name: Broken Server
    url: ${feeds.url}/500
  - name: Truncated Feed
    url: ${feeds.url}/truncated.xml
`;
  writeFileSync(join(dir, 'sources.yml'), sources);
  child = spawn(
    process.execPath,
    ['bin/wiresieve.js', 'serve', '--sources', join(dir, 'sources.yml'), '--allow-private-hosts', '--data', join(dir, 'data'), '--port', '0'],
    { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DYNAMODB_ENDPOINT: '', TABLE_NAME: '' } },
  );
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  base = (await waitFor(/serving (http:\/\/127\.0\.0\.1:\d+)\/feed\.xml/, 60_000))[1]!;
  await waitFor(/polled 7 sources/, 60_000);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await feeds?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('local mode over loopback fixture feeds', () => {
  it('prints one progress line per source, with the error of each bad one', () => {
    expect(output).toMatch(/\[Example Wire EN\] fetched 4 · new 4 · kept 2/);
    expect(output).toMatch(/\[예시통신\] fetched 3 · new 3 · kept 1/);
    expect(output).toMatch(/\[示例通讯社\] fetched 2 · new 2 · kept 1/);
    expect(output).toMatch(/\[Example Syndicate\] fetched 1 · new 1 · kept 1/);
    // its copy of the wire's story joins the wire's when the round is published
    expect(output).toMatch(/polled 7 sources · 10 new · 5 kept · 1 merged into another outlet's story · 3 failing/);
    expect(output).toMatch(/\[Not A Feed\] error \(parse\): .*HTML/i);
    expect(output).toMatch(/\[Broken Server\] error \(fetch\): .*500/);
    expect(output).toMatch(/\[Truncated Feed\] error \(parse\)/);
  });

  it('publishes the relevant stories and only those, newest first, in RSS, Atom and JSON Feed', async () => {
    const parser = new Parser();
    const rssText = await (await fetch(`${base}/feed.xml`)).text();
    // Self links name the port actually bound (the server was started with --port 0).
    expect(rssText).toContain(`<atom:link href="${base}/feed.xml" rel="self"`);
    const rss = await parser.parseString(rssText);
    const titles = rss.items.map((i) => i.title);
    expect([...titles].sort()).toEqual([...KEPT].sort());
    for (const t of DROPPED) expect(titles).not.toContain(t);
    // The syndicated "(LEAD)" copy is folded into the first outlet's item, which names it.
    const cpv = rss.items.find((i) => i.title?.startsWith('Kim Jong-un'))!;
    expect(cpv.link).toBe('https://wire.example/asia/2026/11/kim-cpv-cemetery?utm_source=rss');
    expect(cpv['content:encoded'] ?? cpv.content).toMatch(/Also reported by:.*>Example Syndicate<\/a>/s);
    const dates = rss.items.map((i) => Date.parse(i.isoDate!));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // The Korean feed's relative link was made absolute against the feed.
    expect(rss.items.find((i) => i.title?.startsWith('한중'))?.link).toBe('https://ko.wire.example/politics/2026/11/24/2001');

    const atom = await parser.parseString(await (await fetch(`${base}/feed.atom`)).text());
    expect(atom.items.map((i) => i.title).sort()).toEqual([...KEPT].sort());
    const json = (await (await fetch(`${base}/feed.json`)).json()) as { version: string; items: Array<{ title: string }> };
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.items.map((i) => i.title).sort()).toEqual([...KEPT].sort());
  });

  it('answers a conditional request with 304', async () => {
    const first = await fetch(`${base}/feed.xml`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await fetch(`${base}/feed.xml`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('shows every source failure in /sources.json, and the healthy ones as ok', async () => {
    const report = (await (await fetch(`${base}/sources.json`)).json()) as { sources: Array<{ name: string; status: string; lastError?: string; consecutiveFailures: number }> };
    const byName = Object.fromEntries(report.sources.map((s) => [s.name, s]));
    for (const bad of ['Not A Feed', 'Broken Server', 'Truncated Feed']) {
      expect(byName[bad]!.status).toBe('failing');
      expect(byName[bad]!.lastError).toBeTruthy();
      expect(byName[bad]!.consecutiveFailures).toBe(1);
    }
    for (const good of ['Example Wire EN', '예시통신', '示例通讯社']) expect(byName[good]!.status).toBe('ok');
  });

  it('is read with the same items by newsboat and the Universal Feed Parser', () => {
    for (const path of ['/feed.xml', '/feed.atom']) {
      const nb = readWithNewsboat(`${base}${path}`);
      const fp = readWithFeedparser(`${base}${path}`);
      expect(fp.bozo, fp.bozo_exception).toBe(false);
      const key = (i: { title: string; link: string; date: number }): string => `${i.title}|${i.link}|${i.date}`;
      expect(nb.map((i) => i.title).sort()).toEqual([...KEPT].sort());
      expect(nb.map(key).sort()).toEqual(fp.items.map(key).sort());
    }
  });

  it('stops DynamoDB Local too on Ctrl-C (no orphan Java process)', async () => {
    const javaWithOurData = (): string => {
      try {
        return execFileSync('pgrep', ['-f', join(dir, 'data')], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    };
    expect(javaWithOurData()).not.toBe('');
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(javaWithOurData()).toBe('');
  });
});
