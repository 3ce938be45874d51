/**
 * Terms: one word or phrase, written as the operator means it, and where in a text it may match.
 *
 * Syntax: `[=][*]body[*]`
 * - `Korea*`  prefix wildcard: the last word may continue (Korea, Korean, Koreans, Korea-born).
 * - `*중국`    the match may start inside a word (대중국, 주한중국대사).
 * - `=中`      standalone: no particle, inflection or longer word around it (see boundary rules below).
 *
 * Where a term matches depends on the script of its first and last character (after normalization):
 * - Latin and other spaced scripts: on word boundaries; the end may take a plural or possessive
 *   (`s`, `es`, `'s`, `'`), so `China` matches China's and `Korean` matches Koreans. `=` forbids those.
 * - Hangul: the term must start a word; anything may follow (particles and compounds: 중국과, 중국은, 한중관계).
 *   `=` requires the word to end with the term.
 * - Han and kana: anywhere (there are no spaces). `=` requires the term not to be preceded by a letter of any
 *   script nor followed by another Han character — the Korean headline abbreviation `中` in `中, 美` or `中대사`,
 *   but not the 中 of 中企 or 명中.
 */
import { CharClass, charClass, normalizeText } from './normalize';

export interface Term {
  /** As written in the rule file. */
  source: string;
  /** Normalized body: what the matcher looks for. */
  pattern: string;
  exact: boolean;
  /** `*term`: may start inside a word. */
  infix: boolean;
  /** `term*`: the last word may continue. */
  prefix: boolean;
  firstClass: CharClass;
  lastClass: CharClass;
}

export class TermError extends Error {
  override name = 'TermError';
  /** Offset in the term's source text the problem is at. */
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseTerm(source: string): Term {
  let body = source.trim();
  const lead = source.length - source.trimStart().length;
  let exact = false;
  let infix = false;
  let prefix = false;
  if (body.startsWith('=')) {
    exact = true;
    body = body.slice(1);
  }
  if (body.startsWith('*')) {
    infix = true;
    body = body.slice(1);
  }
  if (body.endsWith('*')) {
    prefix = true;
    body = body.slice(0, -1);
  }
  const star = body.indexOf('*');
  if (star >= 0) {
    throw new TermError(
      `a wildcard * may only start or end a term, found one inside "${source.trim()}"`,
      lead + source.trim().indexOf('*', source.trim().startsWith('*') ? 1 : 0),
    );
  }
  if (exact && (infix || prefix)) {
    throw new TermError(`a standalone term (=) cannot have a wildcard, found "${source.trim()}"`, lead);
  }
  const pattern = normalizeText(body);
  if (!pattern || pattern === "'") {
    throw new TermError(`expected a word or phrase, found ${JSON.stringify(source)}`, lead);
  }
  return {
    source: source.trim(),
    pattern,
    exact,
    infix,
    prefix,
    firstClass: charClass(pattern.charCodeAt(0)),
    lastClass: charClass(pattern.charCodeAt(pattern.length - 1)),
  };
}

const APOS = 0x27;
const LOWER_S = 0x73;
const LOWER_E = 0x65;

function isLetter(k: CharClass): boolean {
  return k !== CharClass.Other;
}

/**
 * Whether `term` may match `buf[start, end)` given its surroundings; returns the end of the match including an
 * accepted suffix (plural or possessive), or -1 when the boundaries rule it out.
 */
export function acceptMatch(term: Term, buf: Uint16Array, n: number, start: number, end: number): number {
  const before = start > 0 ? charClass(buf[start - 1]!) : CharClass.Other;
  if (!term.infix) {
    switch (term.firstClass) {
      case CharClass.Word:
        if (before === CharClass.Word) return -1;
        break;
      case CharClass.Hangul:
        if (before === CharClass.Hangul) return -1;
        break;
      case CharClass.Han:
        if (term.exact && isLetter(before)) return -1;
        break;
      default:
        break;
    }
  }
  if (term.prefix) {
    // A continuation of the last word is part of the match, for explanations.
    let e = end;
    const k = term.lastClass;
    while (e < n && k !== CharClass.Other && charClass(buf[e]!) === k) e++;
    return e;
  }
  const after = end < n ? charClass(buf[end]!) : CharClass.Other;
  switch (term.lastClass) {
    case CharClass.Word:
      return term.exact ? (after === CharClass.Word ? -1 : end) : latinSuffix(buf, n, end);
    case CharClass.Hangul:
      return term.exact && after === CharClass.Hangul ? -1 : end;
    case CharClass.Han:
      return term.exact && after === CharClass.Han ? -1 : end;
    default:
      return end;
  }
}

/** Accepts `s`, `es`, `'s`, `'` after a Latin term, then requires a word boundary. */
function latinSuffix(buf: Uint16Array, n: number, end: number): number {
  const c0 = end < n ? buf[end]! : 0x20;
  if (c0 !== APOS && boundary(buf, n, end)) return end;
  const c1 = end + 1 < n ? buf[end + 1]! : 0x20;
  if (c0 === APOS && c1 === LOWER_S && boundary(buf, n, end + 2)) return end + 2;
  if (c0 === LOWER_S && c1 === APOS && boundary(buf, n, end + 2)) return end + 2;
  if (c0 === LOWER_S && boundary(buf, n, end + 1)) return end + 1;
  if (c0 === LOWER_E && c1 === LOWER_S && boundary(buf, n, end + 2)) return end + 2;
  if (c0 === APOS && boundary(buf, n, end + 1)) return end + 1;
  return boundary(buf, n, end) ? end : -1;
}

function boundary(buf: Uint16Array, n: number, i: number): boolean {
  return i >= n || charClass(buf[i]!) !== CharClass.Word;
}
