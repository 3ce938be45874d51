/**
 * A hand-written Aho-Corasick automaton over normalized UTF-16 code units: all patterns of a rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The alphabet is compressed: every code unit that occurs in some pattern gets its own class, all others share
 * class 0. The failure function is folded into a dense transition table (a DFA), so scanning costs one table
 * lookup per code unit and never backtracks. The table is filled lazily: an entry is computed (from the trie and
 * the failure links, the same value the full construction gives) the first time a scan takes it, and so are the
 * failure links and each state's outputs. The shipped rules have ~6,000 states × ~900 classes, and building all
 * 5 M entries up front was a fifth of poll's cold start; a scan of real text takes a few thousand of them.
 */

export interface MatchSink {
  /** Called for every occurrence of pattern `pattern` ending just before `end`. */
  (pattern: number, end: number): void;
}

export class AhoCorasick {
  private readonly classOf: Uint16Array;
  private readonly width: number;
  /** Transition + 1 of each (state, class); 0 until computed. */
  private readonly delta: Int32Array;
  /** The trie's edges: for each state, class → child. */
  private readonly children: Map<number, number>[];
  /** Each state's parent in the trie and the class of the edge from it (to compute its failure link). */
  private readonly parent: Int32Array;
  private readonly edge: Uint16Array;
  /** Failure link + 1 of each state; 0 until computed. */
  private readonly fail: Int32Array;
  /** The patterns a state's own string is (usually none or one); undefined for none. */
  private readonly own: (number[] | undefined)[];
  /** For each state, every pattern that ends there (its own, then its failure state's): filled on first visit. */
  private readonly outputs: (readonly number[] | undefined)[];
  readonly patternLengths: Int32Array;

  constructor(patterns: readonly string[]) {
    this.classOf = new Uint16Array(0x10000);
    let classes = 1;
    for (const p of patterns) {
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    this.width = classes;
    this.patternLengths = Int32Array.from(patterns, (p) => p.length);

    // The trie (goto function). Failure links and merged outputs are computed as scans reach states, with the
    // values a breadth-first construction gives (see fail()); building them all up front was ~8 ms of poll's
    // cold start, and a scan of real text reaches a few hundred of the ~6,000 states.
    const children: Map<number, number>[] = [new Map()];
    const parent: number[] = [0];
    const edge: number[] = [0];
    const own: (number[] | undefined)[] = [undefined];
    patterns.forEach((p, index) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const k = this.classOf[p.charCodeAt(i)]!;
        let next = children[s]!.get(k);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          parent.push(s);
          edge.push(k);
          own.push(undefined);
          children[s]!.set(k, next);
        }
        s = next;
      }
      (own[s] ??= []).push(index);
    });
    this.children = children;
    this.parent = Int32Array.from(parent);
    this.edge = Uint16Array.from(edge);
    this.own = own;
    const states = children.length;
    // (Only the table entries a scan takes are ever written: writing all of them once cost ~10 ms in page faults.)
    this.delta = new Int32Array(states * classes);
    this.fail = new Int32Array(states);
    this.outputs = new Array<readonly number[] | undefined>(states);
  }

  /**
   * The failure link of state `s`: the state of the longest proper suffix of its string that is in the trie.
   * For a child of the root, the root; otherwise the DFA's transition from its parent's failure state on the
   * edge's class — the state a breadth-first construction finds by following the parent's failure chain to a
   * state with an edge on that class.
   */
  private failOf(s: number): number {
    const known = this.fail[s]!;
    if (known !== 0) return known - 1;
    const p = this.parent[s]!;
    const f = p === 0 ? 0 : this.step(this.failOf(p), this.edge[s]!);
    this.fail[s] = f + 1;
    return f;
  }

  /** The patterns that end at state `s`: its own, then those of its failure state (the breadth-first merge's order). */
  private outputsOf(s: number): readonly number[] {
    let out = this.outputs[s];
    if (out === undefined) {
      const inherited = s === 0 ? [] : this.outputsOf(this.failOf(s));
      const mine = this.own[s];
      out = mine ? (inherited.length ? [...mine, ...inherited] : mine) : inherited;
      this.outputs[s] = out;
    }
    return out;
  }

  /** The DFA's transition from state `s` on class `k`: the trie's edge, else the failure state's transition. */
  private step(s: number, k: number): number {
    const at = s * this.width + k;
    const known = this.delta[at]!;
    if (known !== 0) return known - 1;
    const next = this.children[s]!.get(k) ?? (s === 0 ? 0 : this.step(this.failOf(s), k));
    this.delta[at] = next + 1;
    return next;
  }

  /** Reports every pattern occurrence in `buf[0, n)`. */
  scan(buf: Uint16Array, n: number, sink: MatchSink): void {
    const { classOf, width, delta, outputs } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = classOf[buf[i]!]!;
      const known = delta[s * width + k]!;
      s = known !== 0 ? known - 1 : this.step(s, k);
      const out = outputs[s] ?? this.outputsOf(s);
      for (let j = 0; j < out.length; j++) sink(out[j]!, i + 1);
    }
  }
}
