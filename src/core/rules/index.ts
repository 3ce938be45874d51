/**
 * The rule language's public face: compile a rule file once, classify many stories.
 *
 *   const classifier = compileRules(readFileSync(path, 'utf8'), path);   // throws RuleSyntaxError
 *   const decision = classifier.classify({ title, summary, content, source });
 *
 * The language is documented in README-syntax.md.
 */
import { compileProgram, type Program } from './compile';
import { CompiledClassifier } from './classify';
import { AhoCorasick } from './matcher';
import type { CharClass } from './normalize';
import type { Term } from './terms';
import type { Classifier } from './types';
import type { TunableRules } from './tune';

export { RuleSyntaxError } from './errors';
export { explain } from './explain';
export { normalizeText } from './normalize';
export { evaluate, figuresOf, formatEvalReport, type EvalFigures, type EvalReport, type LabeledItem } from './evaluate';
export type { Classifier, ClassifyInput } from './types';
export { tuneRules, compareRules, rewriteWeights, formatTuneReport, formatCompareReport, type CompareReport, type FoldUnit, type TuneReport, type WeightSet } from './tune';

/** A classifier that also reports non-fatal findings about its rule file (e.g. unused groups). */
export interface CompiledRules extends Classifier, TunableRules {
  readonly threshold: number;
  readonly warnings: string[];
}

/** Parses and compiles a rule file; `fileName` is only used in error messages. */
export function compileRules(text: string, fileName: string): CompiledRules {
  return new CompiledClassifier(compileProgram(text, fileName));
}

/**
 * The compiled form of a rule file, as plain data: what `rulesFromProgram` turns back into the classifier that
 * `compileRules` gives, without the YAML parser or the compiler (about 120 ms of poll's cold start), nor building
 * the patterns' automaton (its trie comes with it). Only a file that compiled can have one, so every check of the
 * rule file has passed when it was made. Its terms are stored in columns (StoredTerms): poll reads and parses
 * this file on its cold start, and one object per term made it 2.3 times as long.
 */
export function compileRulesProgram(text: string, fileName: string): CompiledRulesProgram {
  const program = compileProgram(text, fileName);
  return { ...program, terms: storeTerms(program.terms), automaton: new AhoCorasick(program.patterns).toData() };
}

/** A classifier from a compiled form (JSON-revived: JSON keeps an absent group name as null). */
export function rulesFromProgram(program: CompiledRulesProgram): CompiledRules {
  return new CompiledClassifier({ ...program, terms: readTerms(program.terms), setGroup: program.setGroup.map((g) => g ?? undefined) });
}

export type CompiledRulesProgram = Omit<Program, 'terms'> & { terms: StoredTerms };

/**
 * Terms in columns: `pattern[i]` is 0 when the pattern is the source lower-cased (most are); `flags[i]`: exact 1,
 * infix 2, prefix 4; `classes[i]`: firstClass × 256 + lastClass.
 */
export interface StoredTerms {
  source: string[];
  pattern: Array<string | 0>;
  flags: number[];
  classes: number[];
}

function storeTerms(terms: Term[]): StoredTerms {
  return {
    source: terms.map((t) => t.source),
    pattern: terms.map((t) => (t.pattern === t.source.toLowerCase() ? 0 : t.pattern)),
    flags: terms.map((t) => (t.exact ? 1 : 0) | (t.infix ? 2 : 0) | (t.prefix ? 4 : 0)),
    classes: terms.map((t) => t.firstClass * 256 + t.lastClass),
  };
}

function readTerms(s: StoredTerms): Term[] {
  return s.source.map((source, i) => {
    const pattern = s.pattern[i]!;
    const flags = s.flags[i]!;
    const classes = s.classes[i]!;
    return {
      source, pattern: pattern === 0 ? source.toLowerCase() : pattern, exact: (flags & 1) !== 0, infix: (flags & 2) !== 0, prefix: (flags & 4) !== 0,
      firstClass: Math.floor(classes / 256) as CharClass, lastClass: (classes % 256) as CharClass,
    };
  });
}
