/**
 * The rule language's public face: compile a rule file once, classify many stories.
 *
 *   const classifier = compileRules(readFileSync(path, 'utf8'), path);   // throws RuleSyntaxError
 *   const decision = classifier.classify({ title, summary, content, source });
 *
 * The language is documented in README-syntax.md.
 */
import { compileProgram } from './compile';
import { CompiledClassifier } from './classify';
import type { Classifier } from './types';
import type { TunableRules } from './tune';

export { RuleSyntaxError } from './errors';
export { explain } from './explain';
export { normalizeText } from './normalize';
export { evaluate, formatEvalReport, type EvalReport, type LabeledItem } from './evaluate';
export type { Classifier, ClassifyInput } from './types';
export { tuneRules, rewriteWeights, formatTuneReport, type TuneReport, type WeightSet } from './tune';

/** A classifier that also reports non-fatal findings about its rule file (e.g. unused groups). */
export interface CompiledRules extends Classifier, TunableRules {
  readonly threshold: number;
  readonly warnings: string[];
}

/** Parses and compiles a rule file; `fileName` is only used in error messages. */
export function compileRules(text: string, fileName: string): CompiledRules {
  return new CompiledClassifier(compileProgram(text, fileName));
}
