/** dispatch's tick window is the schedule's period: a longer window would dispatch grid points twice, a shorter one miss some. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPATCH_TICK_MS } from '../../../functions/commons/dispatch-runtime';

describe('dispatch tick', () => {
  it('equals the rate of the schedule in serverless.yml', () => {
    const yml = readFileSync(join(import.meta.dirname, '../../../serverless.yml'), 'utf8');
    const rate = /rate:\s*rate\((\d+) minutes?\)/.exec(yml);
    expect(rate).not.toBeNull();
    expect(Number(rate![1]) * 60_000).toBe(DISPATCH_TICK_MS);
  });
});
