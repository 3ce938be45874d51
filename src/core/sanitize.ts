/**
 * Feed HTML → safe HTML, and HTML → plain text (sanitize-html, which parses with htmlparser2).
 *
 * sanitizeHtml keeps an allow-list of text and structure tags (sanitize-html's defaults plus images and
 * figures); everything else is dropped — script, style, iframe, object, embed, svg and form elements with their
 * content. No event-handler (`on*`) or style attribute survives, and URLs are restricted to http, https and
 * mailto, so `javascript:`, `data:` and `vbscript:` links disappear. With a `baseUrl`, relative `href`/`src`
 * values are made absolute (RSS readers resolve against the item link; an aggregator republishing the HTML
 * elsewhere must do it for them); a relative URL that cannot be resolved is dropped.
 *
 * htmlToText decodes entities (named, decimal, hex), drops all markup and the content of non-text elements,
 * turns block boundaries and <br> into spaces, and collapses whitespace.
 */
import sanitize from 'sanitize-html';

const DROP_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head', 'select', 'button'];
const SCHEMES = ['http', 'https', 'mailto'];

const SANITIZE_OPTIONS: sanitize.IOptions = {
  allowedTags: [...sanitize.defaults.allowedTags, 'img', 'picture', 'source', 'del', 'ins', 'sup', 'sub'],
  allowedAttributes: {
    a: ['href', 'title', 'hreflang'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    source: ['srcset', 'type', 'media'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
    time: ['datetime'],
    abbr: ['title'],
    blockquote: ['cite'],
  },
  allowedSchemes: SCHEMES,
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'srcset'],
  allowProtocolRelative: false,
  nonTextTags: DROP_WITH_CONTENT,
};

export function sanitizeHtml(html: string, baseUrl?: string): string {
  if (!baseUrl) return sanitize(html, SANITIZE_OPTIONS).trim();
  const absolutize = (attr: 'href' | 'src') => (tagName: string, attribs: sanitize.Attributes) => {
    const value = attribs[attr];
    if (value !== undefined) {
      const abs = resolveUrl(value, baseUrl);
      if (abs === undefined) delete attribs[attr];
      else attribs[attr] = abs;
    }
    return { tagName, attribs };
  };
  return sanitize(html, { ...SANITIZE_OPTIONS, transformTags: { a: absolutize('href'), img: absolutize('src') } }).trim();
}

/** Resolves `value` against `base`; undefined when unresolvable or not an allowed scheme. */
export function resolveUrl(value: string, base?: string): string | undefined {
  try {
    const u = base ? new URL(value.trim(), base) : new URL(value.trim());
    return SCHEMES.includes(u.protocol.slice(0, -1)) ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

const BLOCK = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|pre|hr|dd|dt|figure|figcaption)\b[^>]*>/gi;

const TEXT_ONLY: sanitize.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: DROP_WITH_CONTENT };

export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  const stripped = sanitize(html.replace(BLOCK, ' $& '), TEXT_ONLY);
  // sanitize-html decoded every entity and re-escapes only &, <, > (and quotes); undo those.
  return stripped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

const entityCache = new Map<string, string | undefined>();

/** The character(s) an HTML named entity stands for (`euro` → "€"), or undefined for an unknown name. */
export function decodeHtmlEntity(name: string): string | undefined {
  if (entityCache.has(name)) return entityCache.get(name);
  const out = sanitize(`&${name};`, { allowedTags: [], allowedAttributes: {} });
  const decoded = out === '&amp;' ? '&' : out === '&lt;' ? '<' : out === '&gt;' ? '>' : out === '&quot;' ? '"' : out;
  // htmlparser2 also decodes legacy prefixes ("&notit;" → "¬it;"); only a whole-name match counts.
  const value = decoded !== `&amp;${name};` && [...decoded].length <= 2 && !decoded.endsWith(';') ? decoded : undefined;
  if (entityCache.size < 4096) entityCache.set(name, value);
  return value;
}
