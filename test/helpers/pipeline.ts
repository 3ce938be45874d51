/** Test helper: PollDeps over in-memory stores, a fixed clock and a scripted fetcher. */
import { MemorySourceStore, MemoryStoryStore } from '../../src/adapters/memory-store';
import type { Classifier } from '../../src/core/rules/types';
import type { SourceConfig } from '../../src/core/source';
import type { FetchRequest, FetchResult, Fetcher, Logger } from '../../src/ports';
import { DEFAULT_RETENTION } from '../../src/core/story';
import type { PollDeps } from '../../src/pipeline/poll-source';
import { sourceIdFor } from '../../src/config';

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Keeps stories whose title contains "China" and "Korea" (enough to test the pipeline, not the rules). */
export const titleClassifier: Classifier = {
  topics: ['korea-china'],
  classify: ({ title }) => {
    const kept = /china/i.test(title) && /korea/i.test(title);
    return { kept, topics: kept ? ['korea-china'] : [], score: kept ? 1 : 0, matches: [], reason: kept ? 'kept: test rule' : 'dropped: test rule', rule: kept ? 'test' : undefined };
  },
};

export type Script = (req: FetchRequest) => Promise<FetchResult>;

export class ScriptedFetcher implements Fetcher {
  calls: FetchRequest[] = [];
  constructor(private readonly scripts: Record<string, Script>) {}
  async fetch(req: FetchRequest): Promise<FetchResult> {
    this.calls.push(req);
    const s = this.scripts[req.url];
    if (!s) throw new Error(`fetch: no script for ${req.url}`);
    return s(req);
  }
}

export function ok(body: string, extra: Partial<Extract<FetchResult, { status: 'ok' }>> = {}): Script {
  return async (req) => ({ status: 'ok', httpStatus: 200, finalUrl: req.url, body: Buffer.from(body), contentType: 'application/rss+xml', ...extra });
}

export function source(url: string, name = url): SourceConfig {
  return { id: sourceIdFor(url), name, url, intervalMinutes: 10, enabled: true };
}

export function pollDeps(fetcher: Fetcher, over: Partial<PollDeps> = {}): PollDeps & { stories: MemoryStoryStore; sources: MemorySourceStore } {
  let t = Date.parse('2026-11-28T12:00:00Z');
  return {
    fetcher,
    stories: new MemoryStoryStore(),
    sources: new MemorySourceStore(),
    classifier: titleClassifier,
    clock: { now: () => new Date(t++) },
    logger: silentLogger,
    random: () => 0.5,
    retention: DEFAULT_RETENTION,
    ...over,
  } as PollDeps & { stories: MemoryStoryStore; sources: MemorySourceStore };
}

export function rss(items: Array<{ title: string; link: string; guid?: string; date?: string; description?: string }>): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test</title><link>https://t.example/</link><description>d</description>
${items
  .map(
    (i) => `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link>${i.guid ? `<guid isPermaLink="false">${esc(i.guid)}</guid>` : ''}<pubDate>${i.date ?? 'Sat, 28 Nov 2026 10:00:00 GMT'}</pubDate><description>${esc(i.description ?? 'text')}</description></item>`,
  )
  .join('\n')}
</channel></rss>`;
}
