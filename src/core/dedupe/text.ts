/**
 * Text → comparison units for near-duplicate detection.
 *
 * Text is first folded with the rules engine's normalizeText (NFKC, case folding, Traditional → Simplified
 * Chinese, separators), so dedupe and rules see the same spelling of a word. It is then cut into *units*:
 * - a run of letters/digits of a spaced script (Latin, Cyrillic, …) is one unit (a word);
 * - every Hangul syllable and every Han ideograph / kana is one unit (a character). Korean spacing varies between
 *   outlets (`한중 정상회담` / `한중정상회담`) and Chinese has none, so spaces never separate CJK units;
 * - everything else (punctuation, symbols, spaces) only separates.
 * Shingles are k consecutive units (k = 3): three-word shingles for English, character 3-grams for Korean and
 * Chinese, hashed to 32 bits (FNV-1a).
 *
 * Two light rewrites make headline style and body style meet: `N. Korea` / `S. Korea` become `north korea` /
 * `south korea` (Yonhap's headline abbreviations), and a possessive `'s` is dropped.
 */
import { CharClass, charClass, normalizeText } from '../rules/normalize';

export type Script = 'word' | 'cjk';

export interface Unit {
  text: string;
  script: Script;
}

/** Letters of astral scripts other than the Han extensions (the rules' character classes cover the BMP). */
const WORD = /^[\p{L}\p{N}\p{M}]$/u;

/**
 * Wire-style datelines at the start of a lede: a place, a comma, maybe a date, the agency in parentheses and a
 * dash: `SEOUL, Oct. 22 (Yonhap) -- `, `BEIJING, Oct 22 (Reuters) - `, `Seoul, Oct 22 (IANS) `.
 */
const DATELINE = /^[A-Z][A-Za-z .'’-]{1,40},[A-Za-z0-9 .,'’-]{0,40}\((?:Yonhap|Reuters|AP|AFP|IANS|Xinhua|KCNA|Kyodo|UPI|Bloomberg|CNA|dpa)\)\s*(?:--|[-—–:])?\s*/;
/** `서울=연합뉴스) 홍길동 기자 = ` and `（记者 张三）` style bylines at the start of Korean / Chinese ledes. */
const KO_BYLINE = /^\(?[^()\n]{0,20}=\s*연합뉴스\)\s*(?:[^=\n]{0,30}=\s*)?/;
const ZH_DATELINE = /^(?:新华社|中新社|人民网)[^，。\n]{0,20}(?:电|讯)\s*(?:（[^）]{0,20}）)?/;

export function stripDateline(text: string): string {
  return text.replace(DATELINE, '').replace(KO_BYLINE, '').replace(ZH_DATELINE, '').trim();
}

/**
 * Cuts text into comparison units (see header), by the rules engine's character classes (normalize.ts), so a
 * unit boundary in dedupe is a word boundary for the rules too.
 */
export function textUnits(text: string): Unit[] {
  const norm = normalizeText(text);
  const units: Unit[] = [];
  let word = '';
  const flush = (): void => {
    if (word) units.push({ text: word, script: 'word' });
    word = '';
  };
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // astral: Han extensions B–F (U+20000–U+2FFFF) are CJK units, other letters word characters
      const ch = String.fromCodePoint(norm.codePointAt(i)!);
      i += ch.length - 1;
      if (ch.length === 2 && c >= 0xd840 && c <= 0xd87f) {
        flush();
        units.push({ text: ch, script: 'cjk' });
      } else if (WORD.test(ch)) word += ch;
      else flush();
      continue;
    }
    switch (charClass(c)) {
      case CharClass.Hangul:
      case CharClass.Han:
        flush();
        units.push({ text: norm[i]!, script: 'cjk' });
        break;
      case CharClass.Word:
        word += norm[i]!;
        break;
      default:
        flush();
    }
  }
  flush();
  return rewrite(units);
}

function rewrite(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    const next = units[i + 1]?.text;
    if (u.script === 'word' && (u.text === 'n' || u.text === 's') && (next === 'korea' || next === 'korean' || next === 'koreans')) {
      out.push({ text: u.text === 'n' ? 'north' : 'south', script: 'word' });
      continue;
    }
    // the "s" of a possessive ("china's" was split at the apostrophe)
    if (u.script === 'word' && u.text === 's' && i > 0) continue;
    out.push(u);
  }
  return out;
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const SHINGLE_SIZE = 3;

/** Hashes of the k-unit shingles of `units`; a text shorter than k yields one shingle of all its units. */
export function shingleHashes(units: Unit[], k = SHINGLE_SIZE): Set<number> {
  const out = new Set<number>();
  if (units.length === 0) return out;
  if (units.length < k) {
    out.add(fnv1a(units.map((u) => u.text).join('\u0001')));
    return out;
  }
  for (let i = 0; i + k <= units.length; i++) {
    let s = units[i]!.text;
    for (let j = 1; j < k; j++) s += `\u0001${units[i + j]!.text}`;
    out.add(fnv1a(s));
  }
  return out;
}

/** The dominant script of a text's units ('cjk' when at least a third of the units are CJK characters). */
export function dominantScript(units: Unit[]): Script {
  let cjk = 0;
  for (const u of units) if (u.script === 'cjk') cjk++;
  return units.length > 0 && cjk * 3 >= units.length ? 'cjk' : 'word';
}
