/**
 * The compiled classifier: one Aho-Corasick pass per field over normalized text, then the rules.
 *
 * Semantics, in order:
 * 1. Each field (title, summary, content with its markup stripped, source name) is normalized (normalize.ts)
 *    and scanned once; every pattern occurrence is checked against its term's boundary rules (terms.ts).
 * 2. Occurrences lying inside an `ignore` phrase occurrence (a trap such as 北中美 or "South China Sea") are
 *    discarded: they are not evidence for anything.
 * 3. Every rule is evaluated. A `drop` rule that fires drops the story, whatever the score. Otherwise the
 *    score is the sum of the weights of the rules that fired (weights may be negative), and the story is kept
 *    when the score reaches the threshold.
 * 4. A kept story gets the topics whose expression holds; every decision carries the evidence (rule, group,
 *    term, field, offsets in the normalized field text) of the rules that fired.
 *
 * classify() is pure and synchronous; scratch buffers are reused between calls.
 */
import type { Decision, MatchEvidence } from '../story';
import type { ClassifyInput, Classifier } from './types';
import { FIELD_BITS, type Node, type Program } from './compile';
import { AhoCorasick } from './matcher';
import { CharClass, charClass, normalizeInto, unitsToString } from './normalize';
import { acceptMatch } from './terms';

type FieldName = MatchEvidence['field'];
const FIELDS: FieldName[] = ['title', 'summary', 'content', 'source', 'article'];
/** Evidence kept per rule, so a long article cannot blow up a stored decision. */
const MAX_EVIDENCE_PER_RULE = 12;
/** Occurrence pairs a NEAR reports as evidence; enough to explain, bounded on long articles. */
const MAX_PAIRS = 16;
const APOSTROPHE = 0x27;

interface Occ {
  set: number;
  term: number;
  field: number;
  start: number;
  end: number;
}

interface FieldScratch {
  buf: Uint16Array;
  n: number;
  /** Word index of each code unit, computed only when a NEAR needs it (then wordsReady). */
  words: Int32Array;
  wordsReady: boolean;
}

export class CompiledClassifier implements Classifier {
  readonly topics: string[];
  readonly warnings: string[];
  private readonly ac: AhoCorasick;
  private readonly fields: FieldScratch[] = FIELDS.map(() => ({
    buf: new Uint16Array(256),
    n: 0,
    words: new Int32Array(256),
    wordsReady: false,
  }));
  private readonly occ: Occ[][];
  private readonly raw: number[] = [];

  constructor(private readonly program: Program) {
    this.topics = program.topics.map((t) => t.name);
    this.warnings = program.warnings;
    this.ac = new AhoCorasick(program.patterns, program.automaton);
    this.occ = program.setGroup.map(() => []);
  }

  classify(input: ClassifyInput): Decision {
    this.scan(input);
    return this.decide();
  }

  /** The rules as compiled, in file order (name, weight, prior, drop), for `rules tune`. */
  get rules(): readonly { name: string; weight: number; prior?: number; drop: boolean }[] {
    return this.program.rules;
  }

  get threshold(): number {
    return this.program.threshold;
  }

  /** Which rules fire on a story (one flag per rule, in file order), without scoring or explaining it. */
  firings(input: ClassifyInput): boolean[] {
    this.scan(input);
    return this.program.rules.map((rule) => this.test(rule.node));
  }

  private scan(input: ClassifyInput): void {
    const texts = [input.title, input.summary, input.content ? stripMarkup(input.content) : '', input.source ?? '', input.article ?? ''];
    for (const list of this.occ) list.length = 0;
    for (let f = 0; f < FIELDS.length; f++) this.scanField(f, texts[f] ?? '');
  }

  private scanField(f: number, text: string): void {
    const field = this.fields[f]!;
    field.wordsReady = false;
    field.n = text ? normalizeInto(text, field) : 0;
    if (field.n === 0) return;
    const raw = this.raw;
    raw.length = 0;
    this.ac.scan(field.buf, field.n, (pattern, end) => {
      raw.push(pattern, end);
    });
    if (raw.length === 0) return;

    const { program } = this;
    const lengths = this.ac.patternLengths;
    const found: Occ[] = [];
    const ignored: [number, number][] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const pattern = raw[i]!;
      const start = raw[i + 1]! - lengths[pattern]!;
      for (const term of program.patternTerms[pattern]!) {
        const end = acceptMatch(program.terms[term]!, field.buf, field.n, start, raw[i + 1]!);
        if (end < 0) continue;
        if (program.ignoreTerm[term]) ignored.push([start, end]);
        else for (const set of program.termSets[term]!) found.push({ set, term, field: f, start, end });
      }
    }
    for (const o of found) {
      if (ignored.some(([s, e]) => o.start >= s && o.end <= e && e - s > o.end - o.start)) continue;
      this.occ[o.set]!.push(o);
    }
  }

  private decide(): Decision {
    const { program } = this;
    let score = 0;
    let dropRule: string | undefined;
    let best: { name: string; weight: number } | undefined;
    const matches: MatchEvidence[] = [];
    const parts: string[] = [];
    for (const rule of program.rules) {
      if (!this.test(rule.node)) continue;
      const evidence: Occ[] = [];
      this.collect(rule.node, evidence);
      const ev = dedupe(evidence, (o) => program.terms[o.term]!.source).slice(0, MAX_EVIDENCE_PER_RULE).map((o) => this.evidence(rule.name, o));
      matches.push(...ev);
      const shown = summarize(ev);
      if (rule.drop) {
        dropRule ??= rule.name;
        parts.push(`${rule.name} (drop${shown ? `; ${shown}` : ''})`);
        continue;
      }
      score += rule.weight;
      if (rule.weight > 0 && (!best || rule.weight > best.weight)) best = { name: rule.name, weight: rule.weight };
      parts.push(`${rule.name} ${rule.weight > 0 ? '+' : ''}${fmt(rule.weight)}${shown ? ` (${shown})` : ''}`);
    }
    score = Math.round(score * 1000) / 1000;
    const kept = dropRule === undefined && score >= program.threshold;
    const topics = kept ? program.topics.filter((t) => this.test(t.node)).map((t) => t.name) : [];
    let reason: string;
    if (dropRule !== undefined) reason = `dropped by rule ${dropRule}: ${parts.join('; ')}`;
    else if (parts.length === 0) reason = 'dropped: no rule matched';
    else reason = `${kept ? 'kept' : 'dropped'}: score ${fmt(score)} ${kept ? '≥' : '<'} ${fmt(program.threshold)} — ${parts.join('; ')}`;
    const decision: Decision = { kept, topics, score, matches, reason };
    const rule = dropRule ?? best?.name;
    if (rule !== undefined) decision.rule = rule;
    return decision;
  }

  private evidence(rule: string, o: Occ): MatchEvidence {
    const field = this.fields[o.field]!;
    const m: MatchEvidence = {
      rule,
      term: this.program.terms[o.term]!.source,
      field: FIELDS[o.field]!,
      start: o.start,
      end: o.end,
      text: unitsToString(field.buf, o.start, o.end),
    };
    const group = this.program.setGroup[o.set];
    if (group !== undefined) m.group = group;
    return m;
  }

  private test(node: Node): boolean {
    switch (node.k) {
      case 'leaf': {
        for (const o of this.occ[node.set]!) if ((FIELD_BITS_BY_INDEX[o.field]! & node.mask) !== 0) return true;
        return false;
      }
      case 'and':
        for (const item of node.items) if (!this.test(item)) return false;
        return true;
      case 'or':
        for (const item of node.items) if (this.test(item)) return true;
        return false;
      case 'not':
        return !this.test(node.item);
      case 'atleast':
        return this.countAtLeast(node) >= node.n;
      case 'near':
        return this.test(node.left) && this.test(node.right) && this.nearPairs(node, true).length > 0;
    }
  }

  /** How many alternatives hold (of one leaf: how many distinct matched texts), counting no further than n. */
  private countAtLeast(node: Extract<Node, { k: 'atleast' }>): number {
    const only = node.items.length === 1 ? node.items[0]! : undefined;
    if (only?.k !== 'leaf') {
      let count = 0;
      for (const item of node.items) if (this.test(item) && ++count >= node.n) break;
      return count;
    }
    const seen = new Set<string>();
    for (const o of this.occ[only.set]!) {
      if ((FIELD_BITS_BY_INDEX[o.field]! & only.mask) === 0) continue;
      seen.add(unitsToString(this.fields[o.field]!.buf, o.start, o.end));
      if (seen.size >= node.n) break;
    }
    return seen.size;
  }

  /** The occurrences that make a node true (none for NOT). */
  private collect(node: Node, out: Occ[]): void {
    switch (node.k) {
      case 'leaf':
        for (const o of this.occ[node.set]!) if ((FIELD_BITS_BY_INDEX[o.field]! & node.mask) !== 0) out.push(o);
        return;
      case 'and':
        for (const item of node.items) this.collect(item, out);
        return;
      case 'or':
        for (const item of node.items) if (this.test(item)) this.collect(item, out);
        return;
      case 'not':
        return;
      case 'atleast':
        for (const item of node.items) if (this.test(item)) this.collect(item, out);
        return;
      case 'near':
        for (const [a, b] of this.nearPairs(node, false)) out.push(a, b);
        return;
    }
  }

  /**
   * Pairs of occurrences (left, right) in the same field within the distance, the left one first when the node is
   * ordered (BEFORE/n); only the first pair when `any`.
   */
  private nearPairs(node: Extract<Node, { k: 'near' }>, any: boolean): [Occ, Occ][] {
    const left: Occ[] = [];
    const right: Occ[] = [];
    this.collect(node.left, left);
    this.collect(node.right, right);
    const pairs: [Occ, Occ][] = [];
    for (const a of left) {
      for (const b of right) {
        if (a.field !== b.field || a === b) continue;
        if (node.ordered && a.start >= b.start) continue;
        const words = this.wordIndex(a.field);
        // Distance in words from the end of the earlier occurrence to the start of the later one.
        const [first, second] = a.start <= b.start ? [a, b] : [b, a];
        const gap = words[second.start]! - words[Math.max(first.start, first.end - 1)]!;
        if (gap <= node.n) {
          pairs.push([a, b]);
          if (any || pairs.length >= MAX_PAIRS) return pairs;
        }
      }
    }
    return pairs;
  }

  /**
   * Word index of every code unit of a field: a run of Latin/Hangul letters or digits is one word, every Han or
   * kana character is one word (so NEAR/n counts words in spaced scripts and characters in Chinese). An
   * apostrophe between two letters is inside the word: "Vietnam's premier" is two words, as "Vietnamese premier" is.
   */
  private wordIndex(f: number): Int32Array {
    const field = this.fields[f]!;
    if (field.wordsReady) return field.words;
    if (field.words.length < field.n + 1) field.words = new Int32Array(Math.max(field.n + 1, field.words.length * 2));
    const words = field.words;
    const buf = field.buf;
    let index = -1;
    let prev = CharClass.Other;
    for (let i = 0; i < field.n; i++) {
      let k = charClass(buf[i]!);
      if (buf[i] === APOSTROPHE && prev === CharClass.Word && i + 1 < field.n && charClass(buf[i + 1]!) === CharClass.Word) k = CharClass.Word;
      if (k === CharClass.Han || (k !== CharClass.Other && k !== prev)) index++;
      words[i] = Math.max(index, 0);
      prev = k;
    }
    words[field.n] = index + 1;
    field.wordsReady = true;
    return words;
  }
}

const FIELD_BITS_BY_INDEX = [FIELD_BITS.title, FIELD_BITS.summary, FIELD_BITS.content, FIELD_BITS.source, FIELD_BITS.article];

/**
 * Evidence worth showing, in the order the rule's expression names it: without repeats, without an occurrence
 * lying inside a longer one of the same set ("korean" inside "north korean"), one per term, set and field. A
 * term is known by its text: one written in two groups that a third takes (대통령실 in SOUTH_KOREA and in
 * KOREA_IMPLIED, both in KOREA) is one match, not two.
 */
function dedupe(all: Occ[], termText: (o: Occ) => string): Occ[] {
  const seen = new Set<string>();
  const list = all.length > 64 ? all.slice(0, 64) : all;
  return list.filter((o) => {
    const inside = list.some(
      (k) => k !== o && k.set === o.set && k.field === o.field && o.start >= k.start && o.end <= k.end && k.end - k.start > o.end - o.start,
    );
    const key = `${o.set}:${termText(o)}:${o.field}`;
    if (inside || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Up to four distinct matched texts, each with its field: `title: 中, summary: 한국`. */
function summarize(ev: MatchEvidence[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const m of ev) {
    if (seen.has(m.text)) continue;
    seen.add(m.text);
    out.push(`${m.field}: ${m.text}`);
  }
  return out.slice(0, 4).join(', ');
}

function fmt(n: number): string {
  return String(Math.round(n * 100) / 100);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Sanitized HTML → text for matching: tags become spaces, common entities are decoded. */
export function stripMarkup(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html;
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}
