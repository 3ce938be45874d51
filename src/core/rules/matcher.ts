/**
 * A hand-written Aho-Corasick automaton over normalized UTF-16 code units: all patterns of a rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The alphabet is compressed: every code unit that occurs in some pattern gets its own class, all others share
 * class 0. The failure function is folded into a dense transition table (a DFA), so scanning costs one table
 * lookup per code unit and never backtracks. Everything but the trie is computed as scans need it, with the
 * values the full breadth-first construction gives: a state's failure link and outputs when a scan first
 * reaches it, its row of the table then, and each entry the first time a scan takes it. The shipped rules have
 * ~6,000 states × ~900 classes; building it all up front (5 M entries, ~22 MB) was a fifth of poll's cold
 * start, and a scan of real text reaches a few hundred states.
 */

export interface MatchSink {
  /** Called for every occurrence of pattern `pattern` ending just before `end`. */
  (pattern: number, end: number): void;
}

export class AhoCorasick {
  private readonly classOf: Uint16Array;
  /** log2 of a row's length: the number of classes rounded up to a power of two. */
  private readonly shift: number;
  /**
   * The DFA's rows, one per state reached so far, in the order they were reached: for each class, 1 + the
   * offset of the next state's row, 0 until computed. A row is added (and the table grown) when a transition
   * first leads to its state; `rowAt[s]` is state s's row offset, -1 before it has one, `rowState` the reverse.
   */
  private table: Int32Array;
  private rows = 0;
  private readonly rowAt: Int32Array;
  private rowState: Int32Array;
  /** Per row: 1 when patterns end at its state (then `outputs[state]` lists them), else 0. */
  private rowHasOutput: Uint8Array;
  /** The trie's edges: state × keyBase + class → child. */
  private readonly children: Map<number, number>;
  private readonly keyBase: number;
  /** Each state's parent in the trie and the class of the edge from it (to compute its failure link). */
  private readonly parent: Int32Array;
  private readonly edge: Uint16Array;
  /** Failure link + 1 of each state; 0 until computed. */
  private readonly fail: Int32Array;
  /** The patterns a state's own string is (usually none or one); undefined for none. */
  private readonly own: (number[] | undefined)[];
  /** For each state, every pattern that ends there (its own, then its failure state's): computed on first need. */
  private readonly outputs: (readonly number[] | undefined)[];
  readonly patternLengths: Int32Array;

  constructor(patterns: readonly string[]) {
    const classOf = new Uint16Array(0x10000);
    let total = 0;
    for (const p of patterns) total += p.length;
    // An edge's key: its state × `keyBase` + its class, a small integer (a trie has at most total + 1 states and
    // total classes); one Map of them costs a third of a Map per state, at the cold start that builds it.
    const keyBase = Math.min(0x10000, total + 1);
    let classes = 1;

    // The trie (goto function), and the classes in the order their code units first occur. Failure links, merged
    // outputs and DFA rows are computed as scans reach states, with the values a breadth-first construction
    // gives (see failOf()): building them all up front was ~8 ms of poll's cold start, the whole table (states ×
    // classes, ~22 MB for the shipped rules) made V8 run a full collection on its first event, and a scan of
    // real text reaches a few hundred of the ~6,000 states.
    const children = new Map<number, number>();
    const parent: number[] = [0];
    const edge: number[] = [0];
    const own: (number[] | undefined)[] = [undefined];
    for (let index = 0; index < patterns.length; index++) {
      const p = patterns[index]!;
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let k = classOf[c]!;
        if (k === 0) k = classOf[c] = classes++;
        const key = s * keyBase + k;
        let next = children.get(key);
        if (next === undefined) {
          next = parent.length;
          parent.push(s);
          edge.push(k);
          own.push(undefined);
          children.set(key, next);
        }
        s = next;
      }
      (own[s] ??= []).push(index);
    }
    this.classOf = classOf;
    this.shift = Math.ceil(Math.log2(classes));
    this.patternLengths = Int32Array.from(patterns, (p) => p.length);
    this.keyBase = keyBase;
    this.children = children;
    this.parent = Int32Array.from(parent);
    this.edge = Uint16Array.from(edge);
    this.own = own;
    const states = parent.length;
    this.fail = new Int32Array(states);
    this.outputs = new Array<readonly number[] | undefined>(states);
    this.rowAt = new Int32Array(states).fill(-1);
    const initialRows = 64;
    this.table = new Int32Array(initialRows << this.shift);
    this.rowState = new Int32Array(initialRows);
    this.rowHasOutput = new Uint8Array(initialRows);
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
    const f = p === 0 ? 0 : this.next(this.failOf(p), this.edge[s]!);
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

  /** The offset of state `s`'s row, adding the row (every transition unknown) on first need. */
  private rowOf(s: number): number {
    const known = this.rowAt[s]!;
    if (known >= 0) return known;
    const row = this.rows++;
    if (row === this.rowState.length) {
      const table = new Int32Array(this.table.length * 2);
      table.set(this.table);
      this.table = table;
      const rowState = new Int32Array(row * 2);
      rowState.set(this.rowState);
      this.rowState = rowState;
      const rowHasOutput = new Uint8Array(row * 2);
      rowHasOutput.set(this.rowHasOutput);
      this.rowHasOutput = rowHasOutput;
    }
    const at = row << this.shift;
    this.rowAt[s] = at;
    this.rowState[row] = s;
    const hasOutput = this.outputsOf(s).length ? 1 : 0; // (may add rows, and grow the arrays: this row is taken)
    this.rowHasOutput[row] = hasOutput;
    return at;
  }

  /** The DFA's transition from state `s` on class `k`: the trie's edge, else the failure state's transition. */
  private next(s: number, k: number): number {
    const at = this.rowOf(s) + k;
    const known = this.table[at]!;
    if (known !== 0) return this.rowState[(known - 1) >> this.shift]!;
    const next = this.children.get(s * this.keyBase + k) ?? (s === 0 ? 0 : this.next(this.failOf(s), k));
    const nextAt = this.rowOf(next);
    this.table[at] = nextAt + 1; // (the table may have grown meanwhile: offsets stay)
    return next;
  }

  /** Reports every pattern occurrence in `buf[0, n)`. */
  scan(buf: Uint16Array, n: number, sink: MatchSink): void {
    const { classOf, shift, outputs } = this;
    let at = this.rowOf(0);
    let { table, rowHasOutput } = this;
    for (let i = 0; i < n; i++) {
      const k = classOf[buf[i]!]!;
      let known = table[at + k]!;
      if (known === 0) {
        const state = this.next(this.rowState[at >> shift]!, k);
        ({ table, rowHasOutput } = this);
        known = this.rowAt[state]! + 1;
      }
      at = known - 1;
      if (rowHasOutput[at >> shift] === 0) continue;
      const out = outputs[this.rowState[at >> shift]!]!;
      for (let j = 0; j < out.length; j++) sink(out[j]!, i + 1);
    }
  }
}
