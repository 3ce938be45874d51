/**
 * The interface between the pipeline and the rule language. The pipeline only ever sees a compiled
 * `Classifier`; the syntax, compiler and matcher live behind it in this folder.
 */
import type { Decision } from '../story';

export interface ClassifyInput {
  title: string;
  summary: string;
  content?: string;
  /** The source's display name (for `source:` scoped terms). */
  source?: string;
  language?: string;
}

export interface Classifier {
  classify(input: ClassifyInput): Decision;
  /** Topic names the rules define (for per-topic feeds). */
  readonly topics: string[];
}
