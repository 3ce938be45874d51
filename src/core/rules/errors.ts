/**
 * The one error a rule file can raise. Its message names the file, line and column and what was expected, so
 * an operator can fix the file without reading code: `config/rules.yml:12:7: rules: expected … found ")"`.
 */
export class RuleSyntaxError extends Error {
  override name = 'RuleSyntaxError';
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** What the compiler expected at this point, when that is one thing. */
  readonly expected?: string;
  /** The problem without the location prefix. */
  readonly detail: string;

  constructor(
    where: { file: string; line: number; column: number },
    detail: string,
    options?: { expected?: string; cause?: unknown },
  ) {
    super(`${where.file}:${where.line}:${where.column}: rules: ${detail}`, { cause: options?.cause });
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.detail = detail;
    if (options?.expected !== undefined) this.expected = options.expected;
  }
}
