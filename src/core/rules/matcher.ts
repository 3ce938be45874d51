/**
 * A hand-written Aho-Corasick automaton over normalized UTF-16 code units: all patterns of a rule set are
 * found in one left-to-right pass, whatever their number.
 *
 * The alphabet is compressed: every code unit that occurs in some pattern gets its own class, all others share
 * class 0. The failure function is folded into a dense transition table (a DFA), so scanning costs one table
 * lookup per code unit and never backtracks.
 */

export interface MatchSink {
  /** Called for every occurrence of pattern `pattern` ending just before `end`. */
  (pattern: number, end: number): void;
}

export class AhoCorasick {
  private readonly classOf: Uint16Array;
  private readonly width: number;
  private readonly delta: Int32Array;
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

    // 1. Trie (goto function), with sparse children while building.
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

    // 2. Breadth-first: failure links, merged outputs, and the dense DFA.
    const states = children.length;
    const delta = new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [k, next] of children[0]!) {
      delta[k] = next;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      for (const o of outputs[f]!) outputs[s]!.push(o);
      for (let k = 0; k < classes; k++) {
        const next = children[s]!.get(k);
        if (next === undefined) {
          delta[s * classes + k] = delta[f * classes + k]!;
        } else {
          delta[s * classes + k] = next;
          fail[next] = delta[f * classes + k]!;
          queue.push(next);
        }
      }
    }
    this.delta = delta;
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

  /** Reports every pattern occurrence in `buf[0, n)`. */
  scan(buf: Uint16Array, n: number, sink: MatchSink): void {
    const { classOf, width, delta, outStart, outCount, outList } = this;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s * width + classOf[buf[i]!]!]!;
      const count = outCount[s]!;
      if (count !== 0) {
        const start = outStart[s]!;
        for (let j = 0; j < count; j++) sink(outList[start + j]!, i + 1);
      }
    }
  }
}
