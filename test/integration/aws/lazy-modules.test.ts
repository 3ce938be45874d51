/**
 * The lazy-module plugin (infra/esbuild.config.cjs): what a first event does not need is in files of its own beside
 * each bundle (`poll.lazy/…`), loaded from there on first use. Checked on bundles built with the deployment options:
 * loading `poll` or `dispatch` loads none of those files; each is loaded when its code first runs, and the bundled
 * code answers exactly as the source does (charset detection, legacy codec tables, article extraction, the YAML
 * rules compiler, feed HTML: a feed of plain text loads no HTML parser).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, esbuildOptions, ROOT, type Bundle } from '../../../infra/build-bundles';
import { validateConfig } from '../../../infra/validate-config';
import { extractArticle } from '../../../src/core/article';
import { decodeFeedBytes } from '../../../src/core/decode';
import { parseFeed } from '../../../src/core/parse';
import { compileRules } from '../../../src/core/rules';

const run = promisify(execFile);
let work: string;
let bundles: Bundle[];
let probe: string;

const KO = '한국과 중국의 외교 관계가 새로운 국면에 들어섰다. 서울과 베이징이 정상회담을 열었다. '.repeat(4);
const JA = '日本と韓国の外交関係は新しい段階に入った。東京で首脳会談が開かれた。';
const feed = (title: string, decl?: string): string =>
  `${decl ? `<?xml version="1.0" encoding="${decl}"?>\n` : ''}<rss version="2.0"><channel><title>${title}</title></channel></rss>`;
const PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ministers meet | Wire</title></head><body><nav><a href="/">Home</a></nav>
<main><article><h1>Ministers meet</h1><p>South Korean Foreign Minister Cho Hyun met his Chinese counterpart Wang Yi in Beijing on Tuesday, and the two agreed to resume the strategic dialogue.</p>
<p>They also discussed expanding visa-free travel and the structures China has placed in the Yellow Sea, officials said after the talks.</p></article></main><footer><p>© Wire</p></footer></body></html>`;
const RULES = readFileSync(join(ROOT, 'config/rules.yml'), 'utf8');
const STORY = { title: '한중 외교장관 회담, 베이징서 전략대화 재개 합의', summary: 'South Korea and China agreed to resume talks.' };

/** Runs `script` (an ES module body) in a fresh node; `lazy()` there lists the lazy files loaded so far. */
async function inNode(script: string, env: Record<string, string> = {}): Promise<unknown> {
  const prelude = `import { createRequire } from 'node:module'; const lazy = () => Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes('.lazy/')).map((f) => f.slice(f.lastIndexOf('/') + 1)).sort();\n`;
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', `${prelude}${script}`], { env: { PATH: process.env.PATH, ...env }, cwd: work, maxBuffer: 16 * 1024 * 1024 });
    return JSON.parse(stdout);
  } catch (err) {
    throw new Error(`node failed: ${String((err as { stderr?: string }).stderr ?? err).slice(-2000)}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ws-lazy-'));
  bundles = await buildBundles(work);
  // The lazily loaded parts' callers, bundled with the same options.
  probe = join(work, 'functions/probe.js');
  const contents = [
    "export { decodeFeedBytes } from './src/core/decode';",
    "export { parseFeed } from './src/core/parse';",
    "export { extractArticle } from './src/core/article';",
    "export { compileRules } from './src/core/rules';",
  ].join('\n');
  await build({ ...esbuildOptions(), absWorkingDir: ROOT, stdin: { contents, resolveDir: ROOT, loader: 'ts' }, outfile: probe, logLevel: 'warning' });
}, 120_000);

describe('lazy modules', () => {
  it('are files beside the bundle that needs them, in the metafile as its outputs', () => {
    // Act
    const poll = bundles.find((b) => b.fn === 'poll')!;
    const lazyOutputs = Object.keys(poll.metafile.outputs).filter((o) => o.includes('/poll.lazy/')).map((o) => o.slice(o.lastIndexOf('/') + 1));
    // Assess
    expect(readdirSync(join(work, 'functions/poll.lazy')).sort()).toEqual([
      'htmlparser2.cjs',
      'iconv-lite-big5-added.json', 'iconv-lite-cp936.json', 'iconv-lite-cp949.json', 'iconv-lite-cp950.json', 'iconv-lite-eucjp.json',
      'iconv-lite-gb18030-ranges.json', 'iconv-lite-gbk-added.json', 'iconv-lite-shiftjis.json', 'iconv-lite.cjs',
      'jschardet.cjs', 'linkedom.cjs', 'mozilla-readability.cjs', 'postcss.cjs', 'sanitize-html.cjs', 'xmlbuilder.cjs', 'yaml.cjs',
    ]);
    expect(lazyOutputs.sort()).toEqual([
      'htmlparser2.cjs', 'iconv-lite.cjs', 'jschardet.cjs', 'linkedom.cjs', 'mozilla-readability.cjs', 'postcss.cjs', 'sanitize-html.cjs', 'xmlbuilder.cjs', 'yaml.cjs',
    ]);
    const main = Object.values(poll.metafile.outputs)[0]!;
    expect(Object.keys(main.inputs).some((i) => /node_modules\/(iconv-lite|jschardet|linkedom|postcss|sanitize-html|xmlbuilder|yaml)\/|htmlparser2\/dist\/commonjs\/Parser/.test(i))).toBe(false);
    // iconv-lite's file requires its codec tables from beside it
    expect(readFileSync(join(work, 'functions/poll.lazy/iconv-lite.cjs'), 'utf8')).toContain('require("./iconv-lite-cp949.json")');
    // sanitize-html takes the Parser from htmlparser2.cjs (one Parser for both), and postcss from postcss.cjs
    const sanitizeHtml = readFileSync(join(work, 'functions/poll.lazy/sanitize-html.cjs'), 'utf8');
    expect(sanitizeHtml).toContain('require("./htmlparser2.cjs")');
    expect(sanitizeHtml).toContain('require("./postcss.cjs")');
    expect(readdirSync(join(work, 'functions/dispatch.lazy'))).toEqual(['yaml.cjs']);
  });

  it.each(['poll', 'dispatch'])('are not loaded when the %s bundle loads (its runtime built from the compiled config)', async (fn) => {
    // Prepare: the config folder as packaging leaves it
    const configDir = join(work, `config-${fn}`);
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'sources.yml'), 'feed:\n  baseUrl: https://feeds.example.test\nsources:\n  - name: Wire\n    url: https://wire.example/rss\n');
    copyFileSync(join(ROOT, 'config/rules.yml'), join(configDir, 'rules.yml'));
    validateConfig(configDir);
    const env = {
      CONFIG_DIR: configDir, TABLE_NAME: 'lazy', QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIATESTONLY', AWS_SECRET_ACCESS_KEY: 'test', POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    // Act
    const loaded = await inNode(`const m = await import(${JSON.stringify(join(work, `functions/${fn}.js`))}); console.log(JSON.stringify({ handler: typeof m.handler, lazy: lazy() }));`, env);
    // Assess
    expect(loaded).toEqual({ handler: 'function', lazy: [] });
  });

  it('load each on first use, and the bundled code answers as the source does', async () => {
    // Prepare
    const cases = {
      utf8: Buffer.from(feed(KO, 'utf-8')),
      labelled: iconv.encode(feed(JA, 'shift_jis'), 'shift_jis'),
      undeclared: iconv.encode(feed(KO), 'euc-kr'),
    };
    const args = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.toString('base64')]));
    // Act
    const out = (await inNode(`
      const p = await import(${JSON.stringify(probe)});
      const args = ${JSON.stringify(args)};
      const steps = { start: lazy() };
      const decoded = {};
      for (const [k, b64] of Object.entries(args)) { decoded[k] = p.decodeFeedBytes(Buffer.from(b64, 'base64')); steps[k] = lazy(); }
      const article = await p.extractArticle(Buffer.from(${JSON.stringify(PAGE)}), 'text/html; charset=utf-8');
      steps.article = lazy();
      const rules = p.compileRules(${JSON.stringify(RULES)}, 'rules.yml');
      const decision = rules.classify(${JSON.stringify(STORY)});
      steps.rules = lazy();
      console.log(JSON.stringify({ steps, decoded, article, decision }));
    `)) as { steps: Record<string, string[]>; decoded: unknown; article: unknown; decision: unknown };
    // Assess: what each step loaded…
    expect(out.steps).toEqual({
      start: [],
      utf8: [],
      labelled: ['iconv-lite-shiftjis.json', 'iconv-lite.cjs'],
      undeclared: ['iconv-lite-cp949.json', 'iconv-lite-shiftjis.json', 'iconv-lite.cjs', 'jschardet.cjs'],
      article: ['iconv-lite-cp949.json', 'iconv-lite-shiftjis.json', 'iconv-lite.cjs', 'jschardet.cjs', 'linkedom.cjs', 'mozilla-readability.cjs'],
      rules: ['iconv-lite-cp949.json', 'iconv-lite-shiftjis.json', 'iconv-lite.cjs', 'jschardet.cjs', 'linkedom.cjs', 'mozilla-readability.cjs', 'yaml.cjs'],
    });
    // …and that it answered as the source modules do
    expect(out.decoded).toEqual(Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, decodeFeedBytes(v)])));
    expect(out.article).toEqual(await extractArticle(Buffer.from(PAGE), 'text/html; charset=utf-8'));
    expect(out.article).toMatchObject({ lead: expect.stringContaining('Cho Hyun met') });
    expect(out.decision).toEqual(compileRules(RULES, 'rules.yml').classify(STORY));
    expect(out.decision).toMatchObject({ kept: true });
  }, 60_000);

  it('feed HTML: plain text loads no parser; the first item with markup loads htmlparser2 and sanitize-html, which answer as the source does', async () => {
    // Prepare
    const rss = (description: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link><description>d</description>` +
      `<item><title>South Korea and China hold talks</title><link>https://wire.example/1</link><guid>w1</guid><pubDate>Fri, 27 Nov 2026 09:00:00 GMT</pubDate><description>${description}</description></item></channel></rss>`;
    const plain = rss('Seoul and Beijing agreed to resume the strategic dialogue.');
    const html = rss('&lt;p&gt;Seoul and &lt;b&gt;Beijing&lt;/b&gt; agreed &amp;amp; &lt;a href="/x" onclick="y()"&gt;more&lt;/a&gt;&lt;script&gt;z()&lt;/script&gt;&lt;/p&gt;');
    const opts = { source: { id: 's', name: 'Wire', url: 'https://wire.example/rss' }, now: new Date('2026-11-28T00:00:00Z') };
    // Act
    const out = (await inNode(`
      const p = await import(${JSON.stringify(probe)});
      const opts = { ...${JSON.stringify(opts)}, now: new Date(${JSON.stringify(opts.now.toISOString())}) };
      const plain = p.parseFeed(Buffer.from(${JSON.stringify(plain)}), 'application/rss+xml', opts);
      const afterPlain = lazy();
      const html = p.parseFeed(Buffer.from(${JSON.stringify(html)}), 'application/rss+xml', opts);
      console.log(JSON.stringify({ afterPlain, afterHtml: lazy(), plain, html }));
    `)) as { afterPlain: string[]; afterHtml: string[]; plain: unknown; html: unknown };
    // Assess
    expect(out.afterPlain).toEqual([]);
    expect(out.afterHtml).toEqual(['htmlparser2.cjs', 'sanitize-html.cjs']);
    expect(out.plain).toEqual(JSON.parse(JSON.stringify(parseFeed(Buffer.from(plain), 'application/rss+xml', opts))));
    expect(out.html).toEqual(JSON.parse(JSON.stringify(parseFeed(Buffer.from(html), 'application/rss+xml', opts))));
    expect(JSON.stringify(out.html)).toContain('<b>Beijing</b>');
    expect(JSON.stringify(out.html)).not.toMatch(/onclick|<script/);
  }, 60_000);
});
