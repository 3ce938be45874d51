import { describe, expect, it } from 'vitest';
import { settleAll } from '../../../src/core/settle-all';

describe('settleAll', () => {
  it('keeps each outcome in its item’s place, runs at most `limit` at once, and never rejects', async () => {
    let running = 0;
    let most = 0;
    const out = await settleAll([30, 10, 20, 0, 5], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      if (ms === 20) throw new Error('twenty');
      return ms * 2;
    });
    expect(most).toBe(2);
    expect(out.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([60, 20, 'twenty', 0, 10]);
  });

  it('settles an empty list at once', async () => {
    expect(await settleAll([], 4, async () => 1)).toEqual([]);
  });
});
