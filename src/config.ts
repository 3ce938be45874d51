/**
 * Configuration, validated once at start-up. config/sources.yml (what to poll, feed settings) and
 * config/rules.yml (what to keep) are operator-edited files: every error names the file, the line, the column
 * and the key, and start-up stops. Environment variables are read in ./env.ts and nowhere else.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { parseDuration } from './core/duration';
import { canonicalUrl, sha256Hex } from './core/identity';
import { DEFAULT_ARTICLES_PER_POLL, FULL_TEXT_MODES, type FeedSettings, type FullTextMode, type SourceConfig } from './core/source';
import { ConfigError } from './config-error';
import { yamlMessage } from './core/yaml-errors';

// ConfigError lives in its own module so that `feed` can raise config errors without loading the YAML parser
// (a CommonJS package esbuild cannot drop); re-exported here beside the parsers that throw it.
export { ConfigError } from './config-error';


export interface SourcesFile {
  file: string;
  feed: FeedSettings;
  sources: SourceConfig[];
}

export const DEFAULT_FEED: FeedSettings = {
  title: 'wiresieve — Korea–China relations',
  description: 'News-wire stories about relations between China and North or South Korea, selected by wiresieve.',
  baseUrl: 'http://127.0.0.1:8080',
  language: 'en',
  maxItems: 50,
};

export function sourceIdFor(url: string): string {
  return sha256Hex(url).slice(0, 16);
}

export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(file, undefined, undefined, undefined, code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`, { cause: err });
  }
}

/** Parses and validates a sources file's text. `file` is used in error messages only. */
export function parseSourcesFile(text: string, file: string): SourcesFile {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const at = (node: YamlNode | null | undefined): [number | undefined, number | undefined] => {
    const off = node?.range?.[0];
    if (off === undefined) return [undefined, undefined];
    const p = lc.linePos(off);
    return [p.line, p.col];
  };
  const fail = (node: YamlNode | null | undefined, key: string | undefined, detail: string): never => {
    const [l, c] = at(node);
    throw new ConfigError(file, l, c, key, detail);
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const p = e.linePos?.[0];
    throw new ConfigError(file, p?.line, p?.col, undefined, `invalid YAML: ${yamlMessage(e.message)}`);
  }
  const root = doc.contents;
  if (!isMap(root)) fail(root, undefined, 'expected a mapping with a `sources:` list');
  const rootMap = root as import('yaml').YAMLMap;
  for (const pair of rootMap.items) {
    const k = String(scalar(pair.key) ?? pair.key);
    if (!['sources', 'feed', 'defaults'].includes(k)) fail(pair.key as YamlNode, k, 'unknown key (expected sources, feed or defaults)');
  }

  // defaults
  let defaultInterval = 10;
  let defaultFullText: FullTextMode = 'auto';
  let defaultPublishLead = false;
  let defaultArticles = DEFAULT_ARTICLES_PER_POLL;
  const defaultsNode = rootMap.get('defaults', true) as YamlNode | undefined;
  if (defaultsNode !== undefined) {
    if (!isMap(defaultsNode)) fail(defaultsNode, 'defaults', 'expected a mapping');
    const d = defaultsNode as import('yaml').YAMLMap;
    for (const pair of d.items) {
      const k = String(scalar(pair.key));
      if (!['interval', 'fullText', 'publishLead', 'articlesPerPoll'].includes(k)) {
        fail(pair.key as YamlNode, `defaults.${k}`, 'unknown key (expected interval, fullText, publishLead or articlesPerPoll)');
      }
    }
    const iv = d.get('interval', true) as YamlNode | undefined;
    if (iv !== undefined) defaultInterval = intervalMinutes(iv, 'defaults.interval', fail);
    defaultFullText = fullTextOf(d.get('fullText', true) as YamlNode | undefined, 'defaults.fullText', fail) ?? defaultFullText;
    defaultPublishLead = booleanOf(d.get('publishLead', true) as YamlNode | undefined, 'defaults.publishLead', fail) ?? defaultPublishLead;
    defaultArticles = articlesOf(d.get('articlesPerPoll', true) as YamlNode | undefined, 'defaults.articlesPerPoll', fail) ?? defaultArticles;
  }

  // feed
  const feed: FeedSettings = { ...DEFAULT_FEED };
  const feedNode = rootMap.get('feed', true) as YamlNode | undefined;
  if (feedNode !== undefined) {
    if (!isMap(feedNode)) fail(feedNode, 'feed', 'expected a mapping');
    for (const pair of (feedNode as import('yaml').YAMLMap).items) {
      const k = String(scalar(pair.key));
      const vNode = pair.value as YamlNode;
      const v = scalar(vNode);
      const key = `feed.${k}`;
      switch (k) {
        case 'title':
        case 'description':
        case 'language':
          if (typeof v !== 'string' || !v.trim()) fail(vNode, key, 'expected a non-empty string');
          feed[k] = (v as string).trim();
          break;
        case 'baseUrl':
        case 'hub':
          if (typeof v !== 'string' || !isHttpUrl(v)) fail(vNode, key, 'expected an http(s) URL');
          if (k === 'hub') feed.hubUrl = v as string;
          else feed.baseUrl = (v as string).replace(/\/+$/, '');
          break;
        case 'maxItems':
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 500) fail(vNode, key, 'expected an integer from 1 to 500');
          feed.maxItems = v as number;
          break;
        default:
          fail(pair.key as YamlNode, key, 'unknown key (expected title, description, baseUrl, language, maxItems or hub)');
      }
    }
  }

  // sources
  const list = rootMap.get('sources', true) as YamlNode | undefined;
  if (list === undefined) fail(root, 'sources', 'missing: list the feeds to poll under `sources:`');
  if (!isSeq(list)) fail(list, 'sources', 'expected a list of sources (`- name: …` / `url: …`)');
  const sources: SourceConfig[] = [];
  const seen = new Map<string, number>();
  const names = new Map<string, number>();
  (list as import('yaml').YAMLSeq).items.forEach((itemNode, i) => {
    const node = itemNode as YamlNode;
    const prefix = `sources[${i}]`;
    if (!isMap(node)) fail(node, prefix, 'expected a mapping with name and url');
    const m = node as import('yaml').YAMLMap;
    for (const pair of m.items) {
      const k = String(scalar(pair.key));
      if (!['name', 'url', 'lang', 'language', 'interval', 'enabled', 'note', 'confidence', 'fullText', 'publishLead', 'articlesPerPoll'].includes(k)) {
        fail(pair.key as YamlNode, `${prefix}.${k}`, 'unknown key (expected name, url, lang, interval, enabled, fullText, publishLead, articlesPerPoll, note)');
      }
    }
    const nameNode = m.get('name', true) as YamlNode | undefined;
    const urlNode = m.get('url', true) as YamlNode | undefined;
    const name = scalar(nameNode);
    const url = scalar(urlNode);
    if (typeof name !== 'string' || !name.trim()) fail(nameNode ?? node, `${prefix}.name`, 'required: a non-empty string');
    if (typeof url !== 'string' || !isHttpUrl(url)) fail(urlNode ?? node, `${prefix}.url`, 'required: an absolute http(s) URL');
    // One feed under two spellings (HTTP://, www., a fragment, a doubled slash, a tracking parameter) is one
    // source: polled twice it would double every request and fight over one state.
    const canonical = canonicalUrl(url as string);
    const dupe = seen.get(canonical);
    if (dupe !== undefined) fail(urlNode, `${prefix}.url`, `duplicate of sources[${dupe}].url (the same feed: ${canonical})`);
    seen.set(canonical, i);
    const nameKey = (name as string).trim().toLowerCase();
    const sameName = names.get(nameKey);
    if (sameName !== undefined) fail(nameNode, `${prefix}.name`, `duplicate of sources[${sameName}].name: names tell sources apart in logs, /sources.json and "also reported by"`);
    names.set(nameKey, i);
    const langNode = (m.get('lang', true) ?? m.get('language', true)) as YamlNode | undefined;
    const lang = scalar(langNode);
    if (langNode !== undefined && (typeof lang !== 'string' || !/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang))) {
      fail(langNode, `${prefix}.lang`, 'expected a language tag such as en, ko, zh or zh-Hant');
    }
    const ivNode = m.get('interval', true) as YamlNode | undefined;
    const enNode = m.get('enabled', true) as YamlNode | undefined;
    const enabled = scalar(enNode) ?? true;
    if (typeof enabled !== 'boolean') fail(enNode, `${prefix}.enabled`, 'expected true or false');
    sources.push({
      id: sourceIdFor(url as string),
      name: (name as string).trim(),
      url: url as string,
      language: lang as string | undefined,
      intervalMinutes: ivNode ? intervalMinutes(ivNode, `${prefix}.interval`, fail) : defaultInterval,
      enabled: enabled as boolean,
      fullText: fullTextOf(m.get('fullText', true) as YamlNode | undefined, `${prefix}.fullText`, fail) ?? defaultFullText,
      publishLead: booleanOf(m.get('publishLead', true) as YamlNode | undefined, `${prefix}.publishLead`, fail) ?? defaultPublishLead,
      articlesPerPoll: articlesOf(m.get('articlesPerPoll', true) as YamlNode | undefined, `${prefix}.articlesPerPoll`, fail) ?? defaultArticles,
    });
  });
  if (sources.length === 0) fail(list, 'sources', 'the list is empty: add at least one feed');
  return { file, feed, sources };
}

function intervalMinutes(node: YamlNode, key: string, fail: (n: YamlNode, k: string, d: string) => never): number {
  const v = scalar(node);
  const ms = typeof v === 'number' ? v * 60_000 : typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined || ms < 60_000 || ms > 7 * 86_400_000) fail(node, key, 'expected a duration from 1m to 7d, such as 10m or 1h');
  return Math.round(ms! / 60_000);
}

function fullTextOf(node: YamlNode | undefined, key: string, fail: (n: YamlNode, k: string, d: string) => never): FullTextMode | undefined {
  if (node === undefined) return undefined;
  const v = scalar(node);
  if (typeof v !== 'string' || !(FULL_TEXT_MODES as readonly string[]).includes(v)) fail(node, key, 'expected auto, always or never');
  return v as FullTextMode;
}

function booleanOf(node: YamlNode | undefined, key: string, fail: (n: YamlNode, k: string, d: string) => never): boolean | undefined {
  if (node === undefined) return undefined;
  const v = scalar(node);
  if (typeof v !== 'boolean') fail(node, key, 'expected true or false');
  return v as boolean;
}

function articlesOf(node: YamlNode | undefined, key: string, fail: (n: YamlNode, k: string, d: string) => never): number | undefined {
  if (node === undefined) return undefined;
  const v = scalar(node);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) fail(node, key, 'expected a whole number from 0 to 100');
  return v as number;
}

/** The value of a YAML scalar node (undefined for anything else). */
function scalar(node: unknown): unknown {
  return (node as { value?: unknown } | null | undefined)?.value;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function loadSourcesFile(file: string): SourcesFile {
  return parseSourcesFile(readConfigText(file), file);
}
