/**
 * `fn` of every item, at most `limit` at a time, each outcome in the item's place (as Promise.allSettled gives
 * them); never rejects, and resolves only once every call has settled. Used where each item's outcome is its own:
 * the stories of a transaction written one by one (adapters/dynamo-store.ts), the representatives a poll updates
 * (pipeline/store-stories.ts).
 */
export async function settleAll<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const out = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        out[i] = { status: 'fulfilled', value: await fn(items[i]!) };
      } catch (reason) {
        out[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
