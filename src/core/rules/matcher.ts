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
  /**
   * The trie's edges, from `parent` and `edge`: the children of state s are childAt[childStart[s] … childStart[s + 1]),
   * and the root's (most of the alphabet) also rootChild[class] (0 for none: the root is nobody's child).
   */
  private readonly childStart: Int32Array;
  private readonly childAt: Int32Array;
  private readonly rootChild: Int32Array;
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

  /**
   * The automaton of `patterns`; with `data` (what `toData()` made of an automaton of the same patterns, e.g. in the compiled
   * rules' snapshot), its trie is read from there instead of built: ~0.5 ms instead of ~3 ms of a cold start.
   */
  constructor(patterns: readonly string[], data?: AutomatonData) {
    const classOf = new Uint16Array(0x10000);
    let total = 0;
    for (const p of patterns) total += p.length;
    // While building: an edge's key is its state × `keyBase` + its class, a small integer (a trie has at most
    // total + 1 states and total classes); one Map of them costs a third of a Map per state.
    const keyBase = Math.min(0x10000, total + 1);
    let classes = 1;

    // The trie (goto function), and the classes in the order their code units first occur. Failure links, merged
    // outputs and DFA rows are computed as scans reach states, with the values a breadth-first construction
    // gives (see failOf()): building them all up front was ~8 ms of poll's cold start, the whole table (states ×
    // classes, ~22 MB for the shipped rules) made V8 run a full collection on its first event, and a scan of
    // real text reaches a few hundred of the ~6,000 states.
    const children = new Map<number, number>();
    let parent: ArrayLike<number> & { length: number } = [0];
    let edge: ArrayLike<number> = [0];
    let own: (number[] | undefined)[] = [undefined];
    const read = data?.v === AUTOMATON_DATA_VERSION ? readAutomaton(data) : undefined;
    if (read) {
      for (let i = 0; i < read.alphabet.length; i++) classOf[read.alphabet.charCodeAt(i)] = i + 1;
      classes = read.alphabet.length + 1;
      ({ parent, edge, own } = read);
    }
    for (let index = 0; !read && index < patterns.length; index++) {
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
          (parent as number[]).push(s);
          (edge as number[]).push(k);
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
    this.parent = parent instanceof Int32Array ? parent : Int32Array.from(parent);
    this.edge = edge instanceof Uint16Array ? edge : Uint16Array.from(edge);
    this.own = own;
    const states = parent.length;
    // Children by parent (a counting sort of the states on their parent), the root's also by class.
    const childStart = new Int32Array(states + 1);
    for (let c = 1; c < states; c++) childStart[this.parent[c]! + 1]!++;
    for (let s = 0; s < states; s++) childStart[s + 1]! += childStart[s]!;
    const fill = childStart.slice(0, states);
    const childAt = new Int32Array(Math.max(0, states - 1));
    for (let c = 1; c < states; c++) childAt[fill[this.parent[c]!]!++] = c;
    const rootChild = new Int32Array(classes);
    for (let i = childStart[0]!; i < childStart[1]!; i++) rootChild[this.edge[childAt[i]!]!] = childAt[i]!;
    this.childStart = childStart;
    this.childAt = childAt;
    this.rootChild = rootChild;
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
    const next = this.child(s, k) ?? (s === 0 ? 0 : this.next(this.failOf(s), k));
    const nextAt = this.rowOf(next);
    this.table[at] = nextAt + 1; // (the table may have grown meanwhile: offsets stay)
    return next;
  }

  /** The trie as data (see AutomatonData), for `new AhoCorasick(patterns, data)` to read instead of building it. */
  toData(): AutomatonData {
    const alphabet: number[] = [];
    this.classOf.forEach((k, c) => {
      if (k !== 0) alphabet[k - 1] = c;
    });
    const pairs: number[] = [];
    this.own.forEach((list, state) => list?.forEach((pattern) => pairs.push(state, pattern)));
    const b64 = (a: Int32Array | Uint16Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
    return { v: AUTOMATON_DATA_VERSION, alphabet: String.fromCharCode(...alphabet), parent: b64(this.parent), edge: b64(this.edge), own: b64(Int32Array.from(pairs)) };
  }

  /** The trie's child of state `s` on class `k`, if it has one. */
  private child(s: number, k: number): number | undefined {
    if (s === 0) return this.rootChild[k] || undefined;
    const { childAt, edge } = this;
    for (let i = this.childStart[s]!, end = this.childStart[s + 1]!; i < end; i++) if (edge[childAt[i]!] === k) return childAt[i];
    return undefined;
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

/** Bump when AutomatonData changes shape or meaning: data of another version is ignored (the trie is built). */
const AUTOMATON_DATA_VERSION = 1;

/**
 * The trie an AhoCorasick builds from its patterns, as JSON-safe data: the code units in class order, each state's
 * parent and edge class (base64 of Int32Array / Uint16Array, little-endian), and the (state, pattern) pairs of the
 * states patterns end at. Made at package time (the compiled rules' snapshot), read at cold start.
 */
export interface AutomatonData {
  v: number;
  alphabet: string;
  parent: string;
  edge: string;
  own: string;
}

function readAutomaton(data: AutomatonData): { alphabet: string; parent: Int32Array; edge: Uint16Array; own: (number[] | undefined)[] } | undefined {
  // new Uint8Array(buffer) copies into a buffer of its own (aligned for the typed views; a Buffer decoded from
  // base64 may sit at any offset of a shared pool). Byte order: the platform's, as toData wrote it.
  const bytes = (b64: unknown, size: number): ArrayBuffer | undefined => {
    if (typeof b64 !== 'string') return undefined;
    const b = new Uint8Array(Buffer.from(b64, 'base64'));
    return b.length % size === 0 ? b.buffer : undefined;
  };
  const p = bytes(data.parent, 4);
  const e = bytes(data.edge, 2);
  const o = bytes(data.own, 8);
  if (!p || !e || !o || typeof data.alphabet !== 'string') return undefined;
  const parent = new Int32Array(p);
  const edge = new Uint16Array(e);
  const pairs = new Int32Array(o);
  if (edge.length !== parent.length) return undefined;
  const own: (number[] | undefined)[] = new Array<number[] | undefined>(parent.length).fill(undefined);
  for (let i = 0; i < pairs.length; i += 2) (own[pairs[i]!] ??= []).push(pairs[i + 1]!);
  return { alphabet: data.alphabet, parent, edge, own };
}
