/**
 * A hand-written Aho-Corasick automaton over normalized UTF-16 code units: all patterns of a rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The alphabet is compressed: every code unit that occurs in some pattern gets its own class, all others share
 * class 0. The failure function is folded into a dense transition table (a DFA), so scanning costs one table
 * lookup per code unit and never backtracks. The table is filled lazily: an entry is computed (from the trie and
 * the failure links, the same value the full construction gives) the first time a scan takes it. The shipped
 * rules have ~5,800 states × ~880 classes, and building all 5 M entries up front was a fifth of poll's cold
 * start; a scan of real text takes a few thousand of them.
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
  private readonly fail: Int32Array;
  /** For each state, the start in `outList` of its output patterns, and their count. */
  private readonly outStart: Int32Array;
  private readonly outCount: Int32Array;
  private readonly outList: Int32Array;
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

    // 1. Trie (goto function).
    const children: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    patterns.forEach((p, index) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const k = this.classOf[p.charCodeAt(i)]!;
        let next = children[s]!.get(k);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          outputs.push([]);
          children[s]!.set(k, next);
        }
        s = next;
      }
      outputs[s]!.push(index);
    });
    this.children = children;

    // 2. Breadth-first over the trie's edges: failure links and merged outputs (the DFA is filled by step()).
    // (Only the table entries a scan takes are ever written: writing all of them once cost ~10 ms in page faults.)
    const states = children.length;
    this.delta = new Int32Array(states * classes);
    this.fail = new Int32Array(states);
    const queue: number[] = [...children[0]!.values()];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      for (const o of outputs[this.fail[s]!]!) outputs[s]!.push(o);
      for (const [k, next] of children[s]!) {
        // The longest proper suffix of next's string that is in the trie: follow s's failure chain to a state
        // with an edge on k (the DFA's step(fail[s], k), without touching the table).
        let f = this.fail[s]!;
        while (f !== 0 && !children[f]!.has(k)) f = this.fail[f]!;
        this.fail[next] = children[f]!.get(k) ?? 0;
        queue.push(next);
      }
    }
    this.outStart = new Int32Array(states);
    this.outCount = new Int32Array(states);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      this.outStart[s] = flat.length;
      this.outCount[s] = outputs[s]!.length;
      flat.push(...outputs[s]!);
    }
    this.outList = Int32Array.from(flat);
  }

  /** The DFA's transition from state `s` on class `k`: the trie's edge, else the failure state's transition. */
  private step(s: number, k: number): number {
    const at = s * this.width + k;
    const known = this.delta[at]!;
    if (known !== 0) return known - 1;
    const next = this.children[s]!.get(k) ?? (s === 0 ? 0 : this.step(this.fail[s]!, k));
    this.delta[at] = next + 1;
    return next;
  }

  /** Reports every pattern occurrence in `buf[0, n)`. */
  scan(buf: Uint16Array, n: number, sink: MatchSink): void {
    const { classOf, width, delta, outStart, outCount, outList } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const k = classOf[buf[i]!]!;
      const known = delta[s * width + k]!;
      s = known !== 0 ? known - 1 : this.step(s, k);
      const count = outCount[s]!;
      if (count !== 0) {
        const start = outStart[s]!;
        for (let j = 0; j < count; j++) sink(outList[start + j]!, i + 1);
      }
    }
  }
}
