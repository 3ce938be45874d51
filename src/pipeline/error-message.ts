/** The message of anything thrown, for results and logs. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A store error about this item itself (DynamoDB's ValidationException: too large, an invalid value). */
export function isItemRefusal(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e.name === 'ValidationException' || /ValidationException|Item size has exceeded/i.test(e.message)) return true;
  }
  return false;
}
