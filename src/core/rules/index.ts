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
import type { Classifier } from './types';
import type { TunableRules } from './tune';

export { RuleSyntaxError } from './errors';
export { explain } from './explain';
export { normalizeText } from './normalize';
export { evaluate, figuresOf, formatEvalReport, type EvalFigures, type EvalReport, type LabeledItem } from './evaluate';
export type { Classifier, ClassifyInput } from './types';
export { tuneRules, rewriteWeights, formatTuneReport, type FoldUnit, type TuneReport, type WeightSet } from './tune';

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
 * rule file has passed when it was made.
 */
export function compileRulesProgram(text: string, fileName: string): Program {
  const program = compileProgram(text, fileName);
  return { ...program, automaton: new AhoCorasick(program.patterns).toData() };
}

/** A classifier from a compiled form (JSON-revived: JSON keeps an absent group name as null). */
export function rulesFromProgram(program: Program): CompiledRules {
  return new CompiledClassifier({ ...program, setGroup: program.setGroup.map((g) => g ?? undefined) });
}

export type { Program as CompiledRulesProgram };
