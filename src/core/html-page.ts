/**
 * The small human-facing documents next to the feeds: the HTML index at `/` (subscribe links, autodiscovery
 * `<link rel="alternate">` for all three formats, the latest stories with why each was kept) and the OPML 2.0
 * list of sources at `/sources.opml`. Pure: everything, including the time, comes in as parameters.
 */
import type { SourceConfig } from './source';
import { sourceLabel, type StoredStory } from './story';
import { cleanText, escapeHtml, escapeXml, explainMatches, httpUrl } from './markup';

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

export interface IndexPageInput {
  title: string;
  description: string;
  language: string;
  feeds: FeedUrls;
  /** Per-topic feeds; listed only when there are several topics. */
  topics: Array<{ name: string; feeds: FeedUrls }>;
  sourcesJsonUrl: string;
  opmlUrl: string;
  stories: StoredStory[];
  updated: Date;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
ol{padding-left:1.2rem}li{margin:1rem 0}.meta,.why{color:#555;font-size:.9rem}.why{margin:.2rem 0}
.subscribe a{margin-right:.8rem}code{background:#f1f1f1;padding:.1rem .3rem;border-radius:3px}`;

export function renderIndexPage(p: IndexPageInput): string {
  const e = escapeHtml;
  const alt = (type: string, href: string, label: string) =>
    `<link rel="alternate" type="${type}" title="${e(`${p.title} (${label})`)}" href="${e(href)}">`;
  const subscribe = (f: FeedUrls) =>
    `<a href="${e(f.rss)}">RSS</a><a href="${e(f.atom)}">Atom</a><a href="${e(f.json)}">JSON Feed</a>`;
  const topics =
    p.topics.length > 1
      ? `<h2>Topics</h2><ul>${p.topics.map((t) => `<li>${e(t.name)}: <span class="subscribe">${subscribe(t.feeds)}</span></li>`).join('')}</ul>`
      : '';
  const items = p.stories.map((s) => storyItem(s)).join('\n');
  return `<!doctype html>
<html lang="${e(p.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(p.title)}</title>
${alt('application/rss+xml', p.feeds.rss, 'RSS')}
${alt('application/atom+xml', p.feeds.atom, 'Atom')}
${alt('application/feed+json', p.feeds.json, 'JSON Feed')}
<style>${STYLE}</style>
</head>
<body>
<h1>${e(p.title)}</h1>
<p>${e(p.description)}</p>
<p class="subscribe"><strong>Subscribe:</strong> ${subscribe(p.feeds)}</p>
<p>Paste one of these addresses into your feed reader. Source health: <a href="${e(p.sourcesJsonUrl)}">sources.json</a> ·
all sources as <a href="${e(p.opmlUrl)}">OPML</a>. Updated <time datetime="${p.updated.toISOString()}">${e(p.updated.toUTCString())}</time>.</p>
${topics}
<h2>Latest stories</h2>
${items ? `<ol>\n${items}\n</ol>` : '<p>No stories yet.</p>'}
<h2 id="json-feed-extension">JSON Feed extension</h2>
<p>Each item of the JSON Feed carries <code>_wiresieve</code>: <code>source</code> (outlet name, feed URL),
<code>topics</code>, <code>reason</code>, <code>rule</code>, <code>matches</code> (the terms that decided) and
<code>also_reported</code> (other outlets' copies of the story).</p>
</body>
</html>
`;
}

function storyItem(s: StoredStory): string {
  const e = escapeHtml;
  const link = httpUrl(s.link);
  const title = e(cleanText(s.title) || s.source.name);
  const matched = explainMatches(s);
  const also = (s.alsoReported ?? [])
    .map((a) => {
      const href = httpUrl(a.link);
      return href ? `<a href="${e(href)}">${e(a.source)}</a>` : e(a.source);
    })
    .join(', ');
  return [
    `<li id="s-${e(s.id)}">${link ? `<a href="${e(link)}">${title}</a>` : title}`,
    `<div class="meta">${e(sourceLabel(s))} · <time datetime="${e(s.published)}">${e(s.published.slice(0, 16).replace('T', ' '))} UTC</time>${s.decision.topics.length ? ` · ${e(s.decision.topics.join(', '))}` : ''}</div>`,
    `<p class="why">Why: ${e(s.decision.reason)}${matched ? ` — ${e(matched)}` : ''}</p>`,
    also ? `<p class="why">Also reported by: ${also}</p>` : '',
    '</li>',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * OPML 2.0 (http://opml.org/spec2.opml): one `type="rss"` outline per enabled source. No date in the head (the
 * spec makes them optional): the document depends on the source list alone, so its bytes, and so its ETag,
 * change only when the sources do, not with every story.
 */
export function renderOpml(p: { title: string; sources: SourceConfig[]; ownerUrl: string }): string {
  const e = escapeXml;
  const outlines = p.sources
    .filter((s) => s.enabled)
    .map((s) => `    <outline type="rss" text="${e(s.name)}" title="${e(s.name)}" xmlUrl="${e(s.url)}"${s.language ? ` language="${e(s.language)}"` : ''}/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>${e(`${p.title}: sources`)}</title>
    <ownerId>${e(p.ownerUrl)}</ownerId>
  </head>
  <body>
${outlines}
  </body>
</opml>
`;
}
