/**
 * Article pages → the lead the rules read when a feed item is thin (the enrich stage, pipeline/enrich.ts).
 *
 * - decode: the HTTP charset, else the page's `<meta charset>` / `<meta http-equiv="Content-Type">`, through the
 *   same per-character decoder as feeds (core/decode.ts: valid UTF-8 wins over a wrong label; EUC-KR, GBK/GB18030,
 *   Big5, Shift_JIS and the rest through iconv-lite).
 * - extract: Mozilla's Readability over linkedom's DOM — the algorithm of Firefox's Reader View, which drops
 *   navigation, related links, comments and footers. Both are loaded on first use, so a poll that reads no
 *   article pays nothing for them.
 * - lead: the first sentences of the extracted text, at most LEAD_MAX characters, cut at a sentence end when one
 *   is near: about what a feed's own summary holds, so the rules decide on it as they would on a summary.
 *
 * Pure: no I/O (the fetch is the caller's).
 */
import { charsetParam, decodeFeedBytes } from './decode';

/** Characters of article text the rules read (and, with publishLead, readers). */
export const LEAD_MAX = 600;
/** Bytes of a page that are parsed; a page may be longer, its story is at the top. */
export const PAGE_PARSE_MAX = 1024 * 1024;

export interface ExtractedArticle {
  title?: string;
  lead: string;
  /** Characters of main text the page had (before the lead was cut). */
  textLength: number;
  charset: string;
}

const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

/** The page as text: BOM, then the HTTP charset, then `<meta charset>`, then the bytes (see core/decode.ts). */
export function decodeHtmlBytes(body: Buffer, contentType?: string): { text: string; charset: string } {
  const page = body.length > PAGE_PARSE_MAX ? body.subarray(0, PAGE_PARSE_MAX) : body;
  let type = contentType;
  if (!charsetParam(type)) {
    const meta = META_CHARSET.exec(page.subarray(0, 4096).toString('latin1'))?.[1];
    if (meta) type = `text/html; charset=${meta}`;
  }
  const { text, charset } = decodeFeedBytes(page, type);
  return { text, charset };
}

type ReadabilityModule = typeof import('@mozilla/readability');
type LinkedomModule = typeof import('linkedom');
let libraries: Promise<[ReadabilityModule, LinkedomModule]> | undefined;

/** Readability and linkedom, imported once, on the first article. */
function load(): Promise<[ReadabilityModule, LinkedomModule]> {
  libraries ??= Promise.all([import('@mozilla/readability'), import('linkedom')]);
  return libraries;
}

/** The main text of an article page and its lead; undefined when the page has no article text. */
export async function extractArticle(body: Buffer, contentType: string | undefined): Promise<ExtractedArticle | undefined> {
  const { text: html, charset } = decodeHtmlBytes(body, contentType);
  const [{ Readability }, { parseHTML }] = await load();
  const { document } = parseHTML(html);
  const parsed = new Readability(document as unknown as ConstructorParameters<ReadabilityModule["Readability"]>[0], { charThreshold: 200 }).parse();
  if (!parsed?.content) return undefined;
  // The story's paragraphs, without the headline, byline or captions Readability keeps around them.
  const byline = parsed.byline?.replace(/\s+/g, ' ').trim();
  const { document: story } = parseHTML(`<!DOCTYPE html><html><body>${parsed.content}</body></html>`);
  const paragraphs = [...story.querySelectorAll('p')]
    .map((p) => (p.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((t) => t.length >= 20 && t !== byline && !/^(by|글|기자|记者)\b/i.test(t));
  const text = (paragraphs.length ? paragraphs.join(' ') : (parsed.textContent ?? '')).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  const out: ExtractedArticle = { lead: leadOf(text), textLength: text.length, charset };
  const title = parsed?.title?.replace(/\s+/g, ' ').trim();
  if (title) out.title = title;
  return out;
}

/** The first sentences of `text`, at most `max` characters, ending at a sentence end in the last third if any. */
export function leadOf(text: string, max = LEAD_MAX): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  let end = -1;
  for (const m of cut.matchAll(/[.!?](?=\s|$|["'”’」』)])|[。！？]/g)) end = m.index! + m[0].length;
  return end > max / 3 ? cut.slice(0, end).trim() : `${cut.slice(0, cut.lastIndexOf(' ') > max * 0.8 ? cut.lastIndexOf(' ') : max).trim()}…`;
}
