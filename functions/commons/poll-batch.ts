/**
 * One SQS batch, as the FIFO queue's message groups allow: the records of one group (one host) one after
 * another, in order, and the groups side by side — so a host that hangs delays only its own records, and one
 * outlet never sees two requests of ours at once. A record that fails fails the rest of its group too (they are
 * not started, so SQS keeps the group's order when it hands them out again); other groups go on. A record not
 * started because the deadline is near is reported as well, as `deferred`. Records without a group (a standard
 * queue) are each a group of their own.
 */
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';

export interface BatchOutcome {
  response: SQSBatchResponse;
  /** Records that threw, with what they threw. */
  failed: Array<{ messageId: string; error: unknown }>;
  /** Records not started: an earlier record of their group failed. */
  skipped: string[];
  /** Records not started: too little time left (for them, or for an earlier record of their group). */
  deferred: string[];
}

export async function processBatch(
  records: SQSRecord[],
  handle: (record: SQSRecord) => Promise<void>,
  canStart: () => boolean = () => true,
): Promise<BatchOutcome> {
  const groups = new Map<string, SQSRecord[]>();
  for (const r of records) {
    const key = r.attributes?.MessageGroupId ?? `message:${r.messageId}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: BatchOutcome = { response: { batchItemFailures: [] }, failed: [], skipped: [], deferred: [] };
  const notDone = new Set<string>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      // Once a record of the group is not done, its later records wait for it (deferred with it, or skipped).
      let stop: 'skipped' | 'deferred' | undefined;
      for (const r of group) {
        if (!stop && !canStart()) stop = 'deferred';
        if (stop) {
          out[stop].push(r.messageId);
          notDone.add(r.messageId);
          continue;
        }
        try {
          await handle(r);
        } catch (error) {
          out.failed.push({ messageId: r.messageId, error });
          notDone.add(r.messageId);
          stop = 'skipped';
        }
      }
    }),
  );
  // In the batch's order, as Lambda lists them.
  out.response.batchItemFailures = records.filter((r) => notDone.has(r.messageId)).map((r) => ({ itemIdentifier: r.messageId }));
  return out;
}
