/**
 * The CLI as an operator uses it, each command a child process: `poll --once` then `sources --json` and
 * `rules apply` against the same --data folder (embedded DynamoDB Local), `preview` on a file, and the
 * refusal of a bad config with file, line and key.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../helpers/feed-server';

const run = promisify(execFile);
const ROOT = new URL('../../..', import.meta.url).pathname;
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/e2e/${name}`, import.meta.url), 'utf8');

async function wiresieve(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['bin/wiresieve.js', ...args], { cwd: ROOT, env: { ...process.env, DYNAMODB_ENDPOINT: '', TABLE_NAME: '' }, timeout: 90_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let feeds: FeedServer;
let dir: string;

beforeAll(async () => {
  feeds = await startFeedServer({ '/en.xml': { body: fixture('wire-en.xml') }, '/gone': { status: 404, body: 'gone', contentType: 'text/plain' } });
  dir = mkdtempSync(join(tmpdir(), 'wiresieve-cli-'));
  writeFileSync(join(dir, 'sources.yml'), `sources:\n  - name: Wire\n    url: ${feeds.url}/en.xml\n  - name: Gone\n    url: ${feeds.url}/gone\n`);
});

afterAll(async () => {
  await feeds?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wiresieve CLI', () => {
  it('poll --once, then sources and rules apply see the same stored data', async () => {
    const data = join(dir, 'data');
    const poll = await wiresieve('poll', '--once', '--sources', join(dir, 'sources.yml'), '--data', data, '--allow-private-hosts');
    expect(poll.code).toBe(0); // a failing source is reported, not fatal
    expect(poll.stdout).toMatch(/\[Wire\] fetched 4 · new 4 · kept 2/);
    expect(poll.stdout).toMatch(/\[Gone\] error \(fetch\): .*404/);

    const sources = await wiresieve('sources', '--json', '--sources', join(dir, 'sources.yml'), '--data', data);
    expect(sources.code).toBe(0);
    const report = JSON.parse(sources.stdout) as { sources: Array<{ name: string; status: string; itemsSeen: number; itemsKept: number; lastError?: string }> };
    expect(report.sources.find((s) => s.name === 'Wire')).toMatchObject({ status: 'ok', itemsSeen: 4, itemsKept: 2 });
    expect(report.sources.find((s) => s.name === 'Gone')).toMatchObject({ status: 'failing', lastError: expect.stringMatching(/404/) });

    // A stricter rule file: keep only stories that mention the Chinese People's Volunteers.
    writeFileSync(
      join(dir, 'strict.yml'),
      `groups:\n  CPV: ["Chinese People's Volunteers"]\n  JAPAN: [Japan]\nrules:\n  - name: cpv\n    when: CPV\n  - name: japan\n    when: JAPAN\n`,
    );
    const apply = await wiresieve('rules', 'apply', '--rules', join(dir, 'strict.yml'), '--sources', join(dir, 'sources.yml'), '--data', data);
    expect(apply.code).toBe(0);
    // 4 stored (2 kept, 2 dropped): the dialogue story leaves, the Korea–Japan story (dropped before) joins.
    expect(apply.stdout).toMatch(/re-classified 4 stories · 1 newly kept · 1 newly dropped/);
  });

  it('stories export writes labeled JSONL that rules check and rules tune read; tune --write rewrites only weights', async () => {
    const data = join(dir, 'data-export');
    const poll = await wiresieve('poll', '--once', '--sources', join(dir, 'sources.yml'), '--data', data, '--allow-private-hosts');
    expect(poll.code).toBe(0);

    const all = await wiresieve('stories', 'export', '--data', data);
    expect(all.code).toBe(0);
    expect(all.stderr).toMatch(/exported 4 stories \(2 kept, 2 dropped\)/);
    const lines = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatchObject({ id: expect.any(String), title: expect.any(String), source: 'Wire', lang: 'en', why: '' });
      expect(line.relevant).toBe(line.kept); // prefilled from the decision, the reason beside it
      expect(line.reason).toMatch(/^(kept|dropped)/);
    }
    const dropped = await wiresieve('stories', 'export', '--dropped', '--since', '30d', '--data', data);
    expect(dropped.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { kept: boolean }).kept)).toEqual([false, false]);
    const future = await wiresieve('stories', 'export', '--since', 'soon', '--data', data);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/--since expects a duration/);

    // The operator corrects one label: the Korea–Japan summit was relevant after all (their call).
    const corrected = lines.map((l) => (String(l.title).includes('Japan') ? { ...l, relevant: true, why: 'operator: counts for us' } : l));
    writeFileSync(join(dir, 'labels.jsonl'), corrected.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const check = await wiresieve('rules', 'check', join(dir, 'labels.jsonl'), '--json');
    expect(check.code).toBe(0);
    const report = JSON.parse(check.stdout) as { misses: Array<{ title: string; why: string }>; falseAlarms: unknown[] };
    expect(report.misses.map((m) => [m.title, m.why])).toEqual([['South Korea and Japan hold summit in Tokyo on economic security', 'operator: counts for us']]);
    expect(report.falseAlarms).toEqual([]);
    // --summary: the figures alone (for a split one keeps out of one's edits), as text and as JSON.
    const summary = await wiresieve('rules', 'check', join(dir, 'labels.jsonl'), '--summary');
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^overall +4 items +3 relevant +precision 1\.000 +recall 0\.667/m);
    expect(summary.stdout).not.toMatch(/misses|false alarms|Japan/);
    const summaryJson = JSON.parse((await wiresieve('rules', 'check', join(dir, 'labels.jsonl'), '--summary', '--json')).stdout) as Record<string, unknown>;
    expect(summaryJson).toMatchObject({ total: 4, relevant: 3, falseNegatives: 1 });
    for (const key of ['items', 'misses', 'falseAlarms']) expect(summaryJson).not.toHaveProperty(key);

    const rulesCopy = join(dir, 'rules-copy.yml');
    const original = readFileSync(join(ROOT, 'config/rules.yml'), 'utf8');
    writeFileSync(rulesCopy, original);
    const tune = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--rules', rulesCopy, '--folds', '2', '--write');
    expect(tune.code).toBe(0);
    expect(tune.stdout).toMatch(/4 labeled items, 2-fold cross-validation/);
    expect(tune.stdout).toMatch(/^overall +[\d.]+ [\d.]+ [\d.]+ +[\d.—]+/m);
    expect(tune.stdout).toMatch(/wrote \d+ weights and threshold 3 to /);
    const rewritten = readFileSync(rulesCopy, 'utf8');
    const changed = rewritten.split('\n').filter((l, i) => l !== original.split('\n')[i]);
    expect(changed.length).toBeGreaterThan(0);
    for (const l of changed) expect(l).toMatch(/^ {4}weight: -?[\d.]+$/);
    expect(rewritten.split('\n')).toHaveLength(original.split('\n').length);

    const badFolds = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--folds', '1');
    expect(badFolds.code).toBe(2);
    const bySource = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--rules', rulesCopy, '--folds', '2', '--by', 'source');
    expect(bySource.code).toBe(0);
    expect(bySource.stdout).toMatch(/4 labeled items, 2-fold cross-validation \(folds by source: each source decided by weights fitted without it\)/);
    const badBy = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--by', 'outlet');
    expect(badBy.code).toBe(2);
    expect(badBy.stderr).toMatch(/--by expects item or source, found "outlet"/);
    // --seed: another family of fold splits (the same items, other hashes).
    const repeated = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--rules', rulesCopy, '--folds', '2', '--repeats', '3', '--seed', 'b', '--json');
    expect(repeated.code).toBe(0);
    const tuned = JSON.parse(repeated.stdout) as { repeats: number; seed: string; splitF1: unknown[]; crossValidated: { overall: { total: number } } };
    expect(tuned).toMatchObject({ repeats: 3, seed: 'b', crossValidated: { overall: { total: 12 } } });
    expect(tuned.splitF1).toHaveLength(3);
    const against = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--folds', '2', '--against', rulesCopy, '--seed', 'b');
    expect(against.code).toBe(0);
    expect(against.stdout).toMatch(/over 1 fold split, seed "b", both files refitted per fold/);
    expect(against.stdout).toMatch(/^decisions changed \(an item counted once per split\): \d+ now right, \d+ now wrong/m);
    const againstWrite = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--against', rulesCopy, '--write');
    expect(againstWrite.code).toBe(2);
    expect(againstWrite.stderr).toMatch(/--against compares two rule files and writes neither/);
    const badRepeats = await wiresieve('rules', 'tune', join(dir, 'labels.jsonl'), '--repeats', 'two');
    expect(badRepeats.code).toBe(2);
    expect(badRepeats.stderr).toMatch(/--repeats expects a whole number of at least 1, found "two"/);
  }, 150_000); // eleven CLI runs, some starting DynamoDB Local (Java), and k-fold tunes: slow on a loaded machine

  it('preview shows each item kept or dropped with the reason, and stores nothing', async () => {
    const r = await wiresieve('preview', 'test/fixtures/e2e/wire-en.xml', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { items: Array<{ title: string; kept: boolean; decision: { reason: string; matches: unknown[] } }> };
    expect(out.items.map((i) => i.kept)).toEqual([true, true, false, false]);
    expect(out.items[0]!.decision.matches.length).toBeGreaterThan(0);
    expect(out.items[2]!.decision.reason).toMatch(/dropped/);
  });

  it('preview reads the article of a headline-only item and says the decision changed because of it', async () => {
    const article = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ministers meet</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Ministers meet</h1><p>South Korean Foreign Minister Cho Hyun met Chinese Foreign Minister Wang Yi in Beijing and the two agreed to resume their strategic dialogue.</p>
<p>They also discussed visa-free travel between the two countries.</p></article><footer>© Wire</footer></body></html>`;
    const site = await startFeedServer({ '/a': { body: article, contentType: 'text/html; charset=utf-8' } });
    const headlines = await startFeedServer({
      '/h.xml': { body: `<?xml version="1.0"?><rss version="2.0"><channel><title>H</title><link>https://h.example/</link><item><title>Ministers meet in Beijing</title><link>${site.url}/a</link></item></channel></rss>` },
    });
    try {
      const r = await wiresieve('preview', `${headlines.url}/h.xml`, '--json', '--allow-private-hosts');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { items: Array<{ kept: boolean; article?: { changed: boolean; lead: string; before: string } }> };
      expect(out.items[0]).toMatchObject({ kept: true, article: { changed: true, lead: expect.stringMatching(/^South Korean Foreign Minister Cho Hyun/), before: expect.stringMatching(/^dropped/) } });
      const text = await wiresieve('preview', `${headlines.url}/h.xml`, '--allow-private-hosts');
      expect(text.stdout).toMatch(/1 articles read, 1 decisions changed by them/);
      expect(text.stdout).toMatch(/decided by the article: dropped → KEPT/);
      const never = await wiresieve('preview', `${headlines.url}/h.xml`, '--json', '--full-text', 'never', '--allow-private-hosts');
      expect((JSON.parse(never.stdout) as { items: Array<{ kept: boolean }> }).items[0]!.kept).toBe(false);
    } finally {
      await site.close();
      await headlines.close();
    }
  });

  it('says how to fix a missing Java instead of failing with a stack trace', async () => {
    // A PATH holding only node: no java on it.
    const bin = join(dir, 'bin-no-java');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const r = await run(process.execPath, ['bin/wiresieve.js', 'serve', '--port', '0', '--data', join(dir, 'nj')], {
      cwd: ROOT, env: { PATH: bin, DYNAMODB_ENDPOINT: '', TABLE_NAME: '' }, timeout: 30_000,
    }).then(() => ({ code: 0, stderr: '' }), (e: { code: number; stderr: string }) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Java was not found.*Java 17\+.*DYNAMODB_ENDPOINT/s);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('says the port is in use, and which, instead of a stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = await wiresieve('serve', '--port', String(port), '--data', join(dir, 'busy'), '--sources', join(dir, 'sources.yml'));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot serve on 127.0.0.1:${port}: the port is in use`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it.each([
    ['a missing sources file', ['--sources', 'nope.yml'], /refusing to start: nope\.yml: config: file not found/],
    ['an invalid rules file', ['--rules', 'BAD_RULES'], /refusing to start: .*bad-rules\.yml:5:\d+: rules: rule r: expected a term group name/],
  ])('refuses to start with %s, naming the file and line', async (_case, args, message) => {
    writeFileSync(join(dir, 'bad-rules.yml'), 'groups:\n  CHINA: [China]\nrules:\n  - name: r\n    when: CHINA AND (\n');
    const r = await wiresieve('serve', ...args.map((a) => (a === 'BAD_RULES' ? join(dir, 'bad-rules.yml') : a)), '--port', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
