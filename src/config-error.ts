/** A configuration mistake, named by file, line, column and key (see src/config.ts). */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly key: string | undefined,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: config: ${key ? `${key}: ` : ''}${detail}`, options);
  }
}
