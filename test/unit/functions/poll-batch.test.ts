/** processBatch (functions/commons/poll-batch.ts): one host's records in order, hosts side by side, the deadline. */
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { processBatch } from '../../../functions/commons/poll-batch';

const rec = (id: string, group?: string): SQSRecord =>
  ({ messageId: id, body: id, attributes: group ? { MessageGroupId: group } : {} }) as unknown as SQSRecord;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('processBatch', () => {
  it('runs one group in order and the groups side by side', async () => {
    // Prepare
    const log: string[] = [];
    const handle = async (r: SQSRecord) => {
      log.push(`start ${r.messageId}`);
      await sleep(r.messageId.startsWith('a') ? 30 : 5);
      log.push(`end ${r.messageId}`);
    };
    // Act
    const started = Date.now();
    const out = await processBatch([rec('a1', 'A'), rec('b1', 'B'), rec('a2', 'A'), rec('b2', 'B')], handle);
    // Assess
    expect(out.response.batchItemFailures).toEqual([]);
    expect(log.slice(0, 2)).toEqual(['start a1', 'start b1']); // both groups start at once
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('start b2'));
    expect(Date.now() - started).toBeLessThan(60 + 25); // ≈ the longest group (2 × 30 ms), not the sum
  });

  it('a failed record fails the rest of its group, not started; other groups go on; failures in batch order', async () => {
    // Prepare
    const ran: string[] = [];
    const boom = new Error('store down');
    const handle = async (r: SQSRecord) => {
      ran.push(r.messageId);
      if (r.messageId === 'a1') throw boom;
    };
    // Act
    const out = await processBatch([rec('a1', 'A'), rec('b1', 'B'), rec('a2', 'A'), rec('b2', 'B'), rec('a3', 'A')], handle);
    // Assess
    expect(ran.sort()).toEqual(['a1', 'b1', 'b2']);
    expect(out.failed).toEqual([{ messageId: 'a1', error: boom }]);
    expect(out.skipped).toEqual(['a2', 'a3']);
    expect(out.response.batchItemFailures).toEqual([{ itemIdentifier: 'a1' }, { itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
  });

  it('records are not started once the deadline says so; their group waits with them', async () => {
    // Prepare: time for two records in all; the two groups' first records start together
    const started: string[] = [];
    const canStart = () => started.length < 2;
    const handle = async (r: SQSRecord) => {
      started.push(r.messageId);
    };
    // Act
    const out = await processBatch([rec('a1', 'A'), rec('a2', 'A'), rec('a3', 'A'), rec('b1', 'B')], handle, canStart);
    // Assess
    expect(started).toEqual(['a1', 'b1']);
    expect(out.deferred).toEqual(['a2', 'a3']);
    expect(out.failed).toEqual([]);
    expect(out.response.batchItemFailures).toEqual([{ itemIdentifier: 'a2' }, { itemIdentifier: 'a3' }]);
  });

  it('records without a group (a standard queue) are each their own', async () => {
    // Prepare
    const handle = async (r: SQSRecord) => {
      if (r.messageId === 'm1') throw new Error('bad');
    };
    // Act
    const out = await processBatch([rec('m1'), rec('m2')], handle);
    // Assess
    expect(out.response.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(out.skipped).toEqual([]);
  });
});
