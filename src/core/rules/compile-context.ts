/**
 * What every phase of the rule compiler shares: the YAML document with its line counter, the program being
 * built, and `fail`, which turns an offset in the file into a located RuleSyntaxError.
 */
import { LineCounter, isScalar, type Node as YamlNode, type Pair, type Scalar } from 'yaml';
import { RuleSyntaxError } from './errors';
import { isInvisible } from './normalize';
import type { AutomatonData } from './matcher';
import { TermError, parseTerm, type Term } from './terms';

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
];

/** "Latin and Cyrillic" when one word of `text` has letters of two of these scripts (look-alikes), else undefined. */
function mixedScriptWord(text: string): string | undefined {
  for (const word of text.split(/[^\p{L}]+/u)) {
    const found = SCRIPTS.filter(([, re]) => re.test(word)).map(([name]) => name);
    if (found.length > 1) return found.join(' and ');
  }
  return undefined;
}

export const FIELD_BITS = { title: 1, summary: 2, content: 4, source: 8, article: 16 } as const;
/** `text:` (the default): every field but the source's name. */
export const TEXT_MASK = FIELD_BITS.title | FIELD_BITS.summary | FIELD_BITS.content | FIELD_BITS.article;
/** `body:`: the story's text below the headline, the article's lead included. */
export const BODY_MASK = FIELD_BITS.summary | FIELD_BITS.content | FIELD_BITS.article;

export type Node =
  | { k: 'leaf'; set: number; mask: number }
  | { k: 'and' | 'or'; items: Node[] }
  | { k: 'not'; item: Node }
  /** At least n of `items` hold; with one leaf item, at least n distinct terms of it matched. */
  | { k: 'atleast'; items: Node[]; n: number }
  /** `ordered` (BEFORE/n): the occurrence of `left` starts before the one of `right`. */
  | { k: 'near'; left: Node; right: Node; n: number; ordered?: true };

export interface CompiledRule {
  name: string;
  weight: number;
  /** The author's own weight (`prior:`), which `rules tune` shrinks toward; absent, the weight is. */
  prior?: number;
  drop: boolean;
  node: Node;
}

export interface Program {
  threshold: number;
  terms: Term[];
  /** For each term, the sets (groups or inline terms) its occurrences go to; empty for ignore phrases. */
  termSets: number[][];
  ignoreTerm: boolean[];
  /** Group name of each set; undefined for an inline term. */
  setGroup: (string | undefined)[];
  patterns: string[];
  patternTerms: number[][];
  rules: CompiledRule[];
  topics: { name: string; node: Node }[];
  warnings: string[];
  /** The patterns' automaton as data (matcher.ts), in the compiled form only: read instead of built at cold start. */
  automaton?: AutomatonData;
}

export class CompileContext {
  readonly program: Program = {
    threshold: 1,
    terms: [],
    termSets: [],
    ignoreTerm: [],
    setGroup: [],
    patterns: [],
    patternTerms: [],
    rules: [],
    topics: [],
    warnings: [],
  };
  /** Set index of each group name, and whether a rule, topic or other group uses it. */
  readonly groupSets = new Map<string, number>();
  readonly groupUsed = new Map<string, boolean>();
  private readonly patternIndex = new Map<string, number>();

  constructor(
    readonly text: string,
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  fail(offset: number, detail: string, expected?: string, cause?: unknown): never {
    const pos = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    throw new RuleSyntaxError({ file: this.file, line: pos.line, column: pos.col }, detail, { expected, cause });
  }

  /** The file offset where a YAML node (or a pair's key) starts. */
  at(node: YamlNode | Pair | null | undefined): number {
    return (
      (node && 'range' in node && node.range ? node.range[0] : undefined) ??
      (node && 'key' in node && isScalar(node.key) && node.key.range ? node.key.range[0] : 0)
    );
  }

  addTerm(term: Term, sets: number[], ignore: boolean): void {
    const { program } = this;
    const id = program.terms.length;
    program.terms.push(term);
    program.termSets.push(sets);
    program.ignoreTerm.push(ignore);
    let p = this.patternIndex.get(term.pattern);
    if (p === undefined) {
      p = program.patterns.length;
      this.patternIndex.set(term.pattern, p);
      program.patterns.push(term.pattern);
      program.patternTerms.push([]);
    }
    program.patternTerms[p]!.push(id);
  }

  /**
   * Parses a YAML scalar as a term, failing at the offending character. A term that can never match — nothing but
   * invisible characters, or a word mixing look-alike letters of two scripts (Latin `Kоrea` with a Cyrillic о) —
   * is a warning, and the invisible-only one is left out.
   */
  termAt(scalar: YamlNode | null, where: string): Term | undefined {
    if (!isScalar(scalar) || (typeof scalar.value !== 'string' && typeof scalar.value !== 'number')) {
      return this.fail(this.at(scalar), `${where}: expected a term (a word or phrase)`, 'a term');
    }
    const source = String(scalar.value);
    const pos = this.lines.linePos(this.at(scalar));
    const place = `${this.file}:${pos.line}:${pos.col}`;
    if ([...source].some((ch) => isInvisible(ch.charCodeAt(0)))) {
      const visible = [...source].filter((ch) => !isInvisible(ch.charCodeAt(0))).join('');
      if (!visible.trim()) {
        this.program.warnings.push(`${place}: rules: ${where}: term ${JSON.stringify(source)} is only invisible characters and can never match; left out`);
        return undefined;
      }
      this.program.warnings.push(`${place}: rules: ${where}: term ${JSON.stringify(source)} contains invisible characters; they are ignored (it matches ${JSON.stringify(visible)})`);
    }
    const mixed = mixedScriptWord(source);
    if (mixed) {
      this.program.warnings.push(`${place}: rules: ${where}: term ${JSON.stringify(source)} mixes ${mixed} letters in one word and can never match text written in one script`);
    }
    try {
      return parseTerm(source);
    } catch (err) {
      if (err instanceof TermError) return this.fail(this.valueOffset(scalar, err.offset), `${where}: ${err.message}`, 'a term', err);
      throw err;
    }
  }

  /**
   * Maps an offset in a scalar's parsed value to an offset in the file: walks the source of the scalar and matches
   * the value's characters in order (quotes, indentation and folded line breaks are skipped), which holds for
   * plain, quoted and block scalars alike.
   */
  valueOffset(scalar: Scalar, offset: number): number {
    const { text } = this;
    const value = String(scalar.value);
    const [start = 0, end = text.length] = scalar.range ?? [];
    let j = start;
    if (scalar.type === 'BLOCK_LITERAL' || scalar.type === 'BLOCK_FOLDED') j = text.indexOf('\n', start) + 1 || start;
    else if (scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE') j = start + 1;
    const ws = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
    for (let i = 0; i < value.length && j < end; i++) {
      const c = value[i]!;
      if (ws(c)) {
        while (j < end && !ws(text[j])) j++;
      } else {
        while (j < end && text[j] !== c) j++;
      }
      if (i === offset) return j;
      j++;
    }
    return Math.min(j, end);
  }
}
