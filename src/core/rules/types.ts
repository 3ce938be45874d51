/**
 * The interface between the pipeline and the rule language. The pipeline only ever sees a compiled
 * `Classifier`; the syntax, compiler and matcher live behind it in this folder.
 */
import type { Decision } from '../story';

export interface ClassifyInput {
  title: string;
  summary: string;
  content?: string;
  /** The lead of the article page, read when the feed's own text is thin (the enrich stage): field `article`. */
  article?: string;
  /** The source's display name (for `source:` scoped terms). */
  source?: string;
  language?: string;
}

export interface Classifier {
  classify(input: ClassifyInput): Decision;
  /** Topic names the rules define (for per-topic feeds). */
  readonly topics: string[];
  /** The score a story needs to be kept, when the classifier scores (lets the enrich stage see close calls). */
  readonly threshold?: number;
}
