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
 * turns block boundaries and <br> into spaces, and collapses whitespace. It runs htmlparser2 (the parser
 * sanitize-html uses, same version) with a handler that only collects text: the text sanitize-html's
 * allowedTags: [] mode would give, without building its frames and escaping what we then unescaped (about a
 * third of the parse path's time went there). test/unit/parse/html-to-text.test.ts holds the two equal.
 *
 * Both skip the parser when the input has no markup or entity at all, as most titles and many summaries.
 */
import { Parser } from 'htmlparser2';
import sanitize from 'sanitize-html';

const DROP_WITH_CONTENT = ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head', 'select', 'button'];
const SCHEMES = ['http', 'https', 'mailto'];

let options: sanitize.IOptions | undefined;

/**
 * sanitize-html's options (exported for the test that holds plainMarkup equal to it). Made on first use: they start
 * from sanitize-html's defaults, and the Lambda bundles load sanitize-html (with htmlparser2's Parser) only when
 * some HTML needs it (infra/esbuild.config.cjs: text without markup never does).
 */
export function sanitizeOptions(): sanitize.IOptions {
  return (options ??= {
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
  });
}

export function sanitizeHtml(html: string, baseUrl?: string): string {
  // Text without `<`, `>` or `&` comes out of sanitize-html as it went in (quotes are not escaped in text).
  if (!/[<>&]/.test(html)) return html.trim();
  if (!BEYOND_PLAIN.test(html)) return plainMarkup(html).trim();
  if (!baseUrl) return sanitize(html, sanitizeOptions()).trim();
  const absolutize = (attr: 'href' | 'src') => (tagName: string, attribs: sanitize.Attributes) => {
    const value = attribs[attr];
    if (value !== undefined) {
      const abs = resolveUrl(value, baseUrl);
      if (abs === undefined) delete attribs[attr];
      else attribs[attr] = abs;
    }
    return { tagName, attribs };
  };
  return sanitize(html, { ...sanitizeOptions(), transformTags: { a: absolutize('href'), img: absolutize('src') } }).trim();
}

/**
 * Markup made of PLAIN_TAGS alone, without attributes (two thirds of the descriptions in the bench's corpus), needs
 * none of sanitize-html's attribute, scheme and transform work: every tag is allowed and kept as it is, so the
 * output is htmlparser2's events written back — what sanitize-html writes for them (`<br />` for its self-closing
 * tags, text re-escaped), without its per-tag bookkeeping. Any other `<` (another tag, an attribute, a comment,
 * a stray `<`) goes to sanitize-html. test/unit/parse/html-to-text.test.ts holds the two equal.
 */
const PLAIN_TAGS = 'p|br|b|i|em|strong|li|ul|ol|blockquote|h[1-6]|div|span|hr';
const BEYOND_PLAIN = new RegExp(`<(?!/?(?:${PLAIN_TAGS})\\s*/?>)`, 'i');
/** sanitize-html's default `selfClosing` tags among PLAIN_TAGS. */
const SELF_CLOSING = new Set(['br', 'hr']);

function plainMarkup(html: string): string {
  let out = '';
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentag(name) {
        out += SELF_CLOSING.has(name) ? `<${name} />` : `<${name}>`;
        open.push(name);
      },
      ontext(text) {
        out += text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      },
      onclosetag(name) {
        // sanitize-html: a close that is not the innermost open element's writes nothing (and keeps it open)
        if (open[open.length - 1] !== name) return;
        open.pop();
        if (!SELF_CLOSING.has(name)) out += `</${name}>`;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
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

const NON_TEXT = new Set(DROP_WITH_CONTENT);

/**
 * With `limit`, reading may stop once the text is known to be longer than `limit`: the result is then the
 * text's first limit + 1 characters (exact — so `bound(htmlToText(h, n), n)` is `bound(htmlToText(h), n)`), and
 * a 100 KB description costs what its first thousand characters cost.
 */
export function htmlToText(html: string, limit?: number): string {
  if (!/[<&]/.test(html)) return html.replace(/\s+/g, ' ').trim();
  return textContent(html.replace(BLOCK, ' $& '), limit);
}

const collapse = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ');
/** Characters of markup handed to the parser between two looks at the text so far (with a limit). */
const CHUNK = 4096;

/**
 * The decoded text of `html` outside DROP_WITH_CONTENT elements. Inside one, every open and close event
 * (implied ones included) moves a depth counter, and text resumes when it returns to 0 — sanitize-html's
 * skipText rule, so malformed nesting ends where it ends there.
 */
function textContent(html: string, limit?: number): string {
  const parts: string[] = [];
  let skip = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (skip > 0) skip++;
        else if (NON_TEXT.has(name)) skip = 1;
      },
      ontext(text) {
        if (skip === 0) parts.push(text);
      },
      onclosetag() {
        if (skip > 0) skip--;
      },
    },
    { decodeEntities: true },
  );
  if (limit !== undefined) {
    // Every character of the collapsed text but its last is final (only trailing whitespace could still go).
    for (let at = 0; at < html.length; at += CHUNK) {
      parser.write(html.slice(at, at + CHUNK));
      const sofar = collapse(parts.join('')).trimStart();
      if (sofar.length > limit + 1) return sofar.slice(0, limit + 1);
    }
  } else {
    parser.write(html);
  }
  parser.end();
  return collapse(parts.join('')).trim();
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
