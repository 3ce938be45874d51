/**
 * Text → markup helpers shared by the feed renderer (core/render.ts) and the HTML/OPML pages
 * (core/html-page.ts). Pure string functions.
 *
 * XML 1.0 §2.2 allows only #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; one C0 control
 * character or lone surrogate in a title makes the whole document ill-formed, so every text we publish passes
 * through `cleanText` first.
 */
import type { StoredStory } from './story';

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
export function cleanText(text: string): string {
  return text.replace(INVALID_XML, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// INVALID_XML plus the five characters to escape, so escaping is one pass over the text.
// eslint-disable-next-line no-control-regex
const TO_ESCAPE = new RegExp(`[&<>"']|${INVALID_XML.source}`, 'g');

/** Escapes for XML/HTML text and attribute values alike (also drops characters XML cannot carry). */
export function escapeXml(text: string): string {
  return text.replace(TO_ESCAPE, (c) => ENTITIES[c] ?? '');
}

/** Same escaping for HTML (kept as its own name so call sites say which language they produce). */
export const escapeHtml = escapeXml;

/** The URL in canonical form when it is an absolute http(s) URL, else undefined. */
export function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** `“Pyongyang” in title, “Beijing” in summary (rule korea-china)` — distinct terms, at most eight. */
export function explainMatches(s: Pick<StoredStory, 'decision'>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of s.decision.matches ?? []) {
    const key = `${m.text}|${m.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(`“${m.text}” in ${m.field}`);
  }
  if (!out.length) return '';
  const rules = [...new Set((s.decision.matches ?? []).map((m) => m.rule))];
  const more = out.length > 8 ? ` and ${out.length - 8} more` : '';
  return `${out.slice(0, 8).join(', ')}${more} (rule ${rules.join(', ')})`;
}

