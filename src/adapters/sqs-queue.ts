/**
 * Queue over Amazon SQS: one message per source (`{"sourceId": "…"}`), sent with SendMessageBatch in chunks of
 * ten. On a FIFO queue (URL ending in .fifo) each message carries its group (the source's host) and a
 * deduplication id; otherwise
 * ten (the API's limit). SendMessageBatch can succeed as a call and still fail some entries; those entries are
 * sent again (up to `attempts` times in all) and, if some still fail, QueueError names how many — dispatch then
 * fails, and the next schedule sends the whole due list again (a duplicate message costs one conditional GET).
 * IN_FLIGHT batches are sent at once.
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollMessage, Queue } from '../ports';

export class QueueError extends Error {
  override name = 'QueueError';
}

const BATCH = 10;
/** SendMessageBatch calls in flight at once. */
const IN_FLIGHT = 16;

export class SqsQueue implements Queue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly attempts = 3,
  ) {}

  private get fifo(): boolean {
    return this.queueUrl.endsWith('.fifo');
  }

  async send(messages: PollMessage[]): Promise<void> {
    const batches: PollMessage[][] = [];
    for (let i = 0; i < messages.length; i += BATCH) batches.push(messages.slice(i, i + BATCH));
    // Batches go out IN_FLIGHT at a time: 10,000 due sources are 1,000 calls, a few seconds one after another.
    // Order between batches does not matter (each message is its own source); a failed batch fails the send.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const at = next++;
        await this.sendBatch(batches[at]!, at * BATCH);
      }
    };
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, batches.length) }, worker));
  }

  private async sendBatch(batch: PollMessage[], offset: number): Promise<void> {
    let entries: SendMessageBatchRequestEntry[] = batch.map((m, j) => ({
      Id: String(offset + j),
      MessageBody: JSON.stringify({ sourceId: m.sourceId, ...(m.fetch ? { fetch: m.fetch } : {}) }),
      // FIFO queue: one message group per host (one poll at a time per outlet), deduplicated dispatches.
      ...(this.fifo ? { MessageGroupId: m.group ?? m.sourceId, MessageDeduplicationId: m.dedupeId ?? m.sourceId } : {}),
    }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      let out;
      try {
        out = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }));
      } catch (err) {
        throw new QueueError(`queue: cannot send ${entries.length} message(s): ${(err as Error).message}`, { cause: err });
      }
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
      if (entries.length > 0 && attempt >= this.attempts) {
        const reasons = (out.Failed ?? []).map((f) => `${f.Code}${f.SenderFault ? ' (sender fault)' : ''}`).join(', ');
        throw new QueueError(`queue: ${entries.length} message(s) not accepted after ${attempt} attempts: ${reasons}`);
      }
    }
  }
}
