/**
 * Text normalization shared by rule terms and story text, so that a term matches every spelling of itself.
 *
 * One code unit in, at most one code unit out (after NFKC), applied in this order:
 * 1. Unicode NFKC: full-width Latin and digits become ASCII, half-width kana full-width, U+3000 a space,
 *    CJK compatibility ideographs their unified form.
 * 2. Case folding (one-to-one lower-casing; `İ` and the like, which lower-case to two units, stay as they are).
 * 3. Traditional → Simplified Chinese, character by character (OpenCC's TSCharacters table, with the Taiwan and
 *    Hong Kong variant tables first), so 朝鮮 = 朝鲜 and 韓國 = 韩国. Character-level folding is enough for
 *    matching: it keeps offsets stable and never merges two words.
 * 4. Separators: every whitespace character, hyphen and dash (‐ ‑ ‒ – — ― -) and `_` become one space, and runs of
 *    them collapse (so `Kim Jong-un` = `Kim Jong Un`); leading spaces are dropped.
 * 5. Interpuncts (· ・ ‧ •) after a one-character abbreviation are removed: they join abbreviations in Korean
 *    and Chinese headlines (한·중 = 한중, 美·中 = 美中, 북·중·러 = 북중러, 한·중관계 = 한중관계). Elsewhere an
 *    interpunct is a space (김정은·시진핑 = 김정은 시진핑, 대만·中 = 대만 中), so a list of names is a list of
 *    words and not one word.
 * 6. Apostrophes (’ ‘ ʼ ′ `) become `'` so `China’s` = `China's`.
 * 7. Invisible characters are removed: soft hyphen, zero-width space, (non-)joiners, word joiner, invisible
 *    operators, the Mongolian vowel separator and a stray BOM (U+00AD, U+200B–U+200D, U+2060–U+2064, U+180E,
 *    U+FEFF). Inside a word they hide it from every term (`Chi\u00ADna`, `한\u200B중`); removed, the word is whole.
 *
 * Offsets in MatchEvidence index the string `normalizeText()` returns.
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';

/** Character classes the matcher uses for boundaries and word counting. */
export const enum CharClass {
  /** Space, punctuation, symbols. */
  Other = 0,
  /** Letters and digits of spaced scripts other than Hangul (Latin, Cyrillic, …). */
  Word = 1,
  Hangul = 2,
  /** Han ideographs and kana: no spaces between words, every character counts as one word. */
  Han = 3,
}

const SPACE = 0x20;
const DROP = -2;
const UNKNOWN = -1;

/** Folded code unit for each BMP code unit, computed on first use (UNKNOWN until then). */
const foldTable = new Int32Array(0x10000).fill(UNKNOWN);
/** CharClass + 1 for each code unit, 0 until computed. */
const classTable = new Uint8Array(0x10000);

/**
 * Below this code unit the tables map nothing (their first entry is U+346F, in CJK Extension A; a test holds
 * them to it): text without Han characters never builds the table.
 */
export const FIRST_TRADITIONAL = 0x3400;
let tradToSimp: Uint16Array | undefined;

/** Calls `add` for each entry of an OpenCC table (`from to|from to|…`) whose two sides are one code unit each. */
function eachSingleUnitPair(dict: string, add: (from: number, to: number) => void): void {
  for (let at = 0; at < dict.length; ) {
    let end = dict.indexOf('|', at);
    if (end < 0) end = dict.length;
    const space = dict.indexOf(' ', at);
    // `from` is dict[at, space), `to` runs from space + 1 to the next space or the entry's end
    if (space === at + 1 && space + 1 < end && (space + 2 === end || dict.charCodeAt(space + 2) === SPACE)) add(dict.charCodeAt(at), dict.charCodeAt(space + 1));
    at = end + 1;
  }
}

/**
 * Traditional → Simplified for single code units, 0 where none (OpenCC's tables; regional variants first mapped
 * to the standard form). Built when first needed, with no string or array per entry (~0.5 ms).
 */
export function buildTradToSimp(): Uint16Array {
  const table = new Uint16Array(0x10000);
  eachSingleUnitPair(TSCharacters, (from, to) => {
    table[from] = to;
  });
  // Regional variants (e.g. Taiwan's 為 for OpenCC's 爲) map to the standard form first, then to Simplified.
  const variant = (from: number, std: number): void => {
    if (table[from] === 0) table[from] = table[std] || std;
  };
  eachSingleUnitPair(TWVariantsRev, variant);
  eachSingleUnitPair(HKVariantsRev, variant);
  return table;
}

const WORD_RE = /^[\p{L}\p{N}\p{M}]$/u;

/** Characters that render as nothing (step 7). */
export function isInvisible(c: number): boolean {
  return c === 0x00ad || (c >= 0x200b && c <= 0x200d) || (c >= 0x2060 && c <= 0x2064) || c === 0x180e || c === 0xfeff;
}

function computeFold(c: number): number {
  if (isInvisible(c)) return DROP;
  if (c === 0x2d || c === 0x5f || (c >= 0x2010 && c <= 0x2015) || c === 0x2212 || c === 0xfe63) return SPACE;
  if (isInterpunct(c)) return DROP; // dropped or read as a space by foldInto, after abbreviationBefore
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x2032 || c === 0x60) return 0x27;
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const ch = String.fromCharCode(c);
  if (/^\s$/u.test(ch)) return SPACE;
  if (c >= FIRST_TRADITIONAL) {
    const simp = (tradToSimp ??= buildTradToSimp())[c]!;
    if (simp !== 0) return simp;
  }
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

/** The folded code unit for `c` (steps 2–6 above): a code unit, SPACE, or DROP. */
function foldUnit(c: number): number {
  let f = foldTable[c]!;
  if (f === UNKNOWN) {
    f = computeFold(c);
    foldTable[c] = f;
  }
  return f;
}

export function charClass(c: number): CharClass {
  let k = classTable[c]!;
  if (k === 0) {
    k = computeClass(c) + 1;
    classTable[c] = k;
  }
  return (k - 1) as CharClass;
}

function computeClass(c: number): CharClass {
  if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) {
    return CharClass.Hangul;
  }
  if (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x3040 && c <= 0x30ff) ||
    (c >= 0xd800 && c <= 0xdfff) || // astral ideographs (Ext. B+) arrive as surrogate pairs
    c === 0x3005
  ) {
    return CharClass.Han;
  }
  if (c < 0x80) {
    return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)
      ? CharClass.Word
      : CharClass.Other;
  }
  return WORD_RE.test(String.fromCharCode(c)) ? CharClass.Word : CharClass.Other;
}

/**
 * Normalizes `text` into `out` (grown as needed) and returns the normalized length. `out` is reused across
 * calls so the hot path allocates nothing.
 */
export function normalizeInto(text: string, out: { buf: Uint16Array }): number {
  // Optimistic pass without NFKC; restarted on NFKC'd text at the first code unit NFKC might change.
  const n = foldInto(text, out, true);
  return n >= 0 ? n : foldInto(text.normalize('NFKC'), out, false);
}

function foldInto(s: string, out: { buf: Uint16Array }, checkInert: boolean): number {
  if (out.buf.length < s.length) out.buf = new Uint16Array(Math.max(s.length, out.buf.length * 2));
  const buf = out.buf;
  const table = foldTable;
  const len = s.length;
  let n = 0;
  let lastSpace = true; // drop leading separators
  let joinedAt = -1; // output length at the last interpunct that joined two abbreviations
  // Literal constants in the loop: SPACE = 0x20, DROP = -2, UNKNOWN = -1 (module bindings cost a check each).
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (checkInert && c >= 0x80 && !nfkcInert(c)) return -1;
    let f = table[c]!;
    if (f < 0) {
      if (f === -1) f = foldUnit(c);
      if (f === -2) {
        if (!isInterpunct(c)) continue;
        if (abbreviationBefore(buf, n, joinedAt)) {
          joinedAt = n;
          continue;
        }
        f = 0x20;
      }
    }
    if (f === 0x20) {
      if (lastSpace) continue;
      lastSpace = true;
    } else {
      lastSpace = false;
    }
    buf[n++] = f;
  }
  if (n > 0 && buf[n - 1] === 0x20) n--;
  return n;
}

function isInterpunct(c: number): boolean {
  return c === 0x00b7 || c === 0x30fb || c === 0x2027 || c === 0x2022 || c === 0xff65;
}

/**
 * True when the output ends in exactly one letter since its script run began or since the last join
 * (`joinedAt`): an abbreviation, which the interpunct joins to the next (한 in 한·중, 美 in 美·中, and 중
 * at the second dot of 북·중·러). Longer words (김정은 in 김정은·시진핑) are separated.
 */
function abbreviationBefore(buf: Uint16Array, n: number, joinedAt: number): boolean {
  if (n === 0) return false;
  const k = charClass(buf[n - 1]!);
  if (k === CharClass.Other) return false;
  return n - 1 === joinedAt || n === 1 || charClass(buf[n - 2]!) !== k;
}

/**
 * True when NFKC cannot change the (non-ASCII) code unit `c`: a precomposed Hangul syllable, a unified CJK
 * ideograph, or common CJK/typographic punctuation. Text made only of these skips NFKC altogether.
 */
function nfkcInert(c: number): boolean {
  return (
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    c === 0x2010 ||
    (c >= 0x2012 && c <= 0x2016) ||
    (c >= 0x2018 && c <= 0x2023) ||
    c === 0x2027 ||
    c === 0x00b7 ||
    (c >= 0x3001 && c <= 0x3002) ||
    (c >= 0x3008 && c <= 0x3011)
  );
}

/** The normalized form of `text`: what rule terms are matched against and what offsets index. */
export function normalizeText(text: string): string {
  const out = { buf: new Uint16Array(text.length) };
  const n = normalizeInto(text, out);
  return unitsToString(out.buf, 0, n);
}

export function unitsToString(buf: Uint16Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}
