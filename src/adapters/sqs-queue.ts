/**
 * Queue over Amazon SQS: one message per source (`{"sourceId": "…"}`), sent with SendMessageBatch in chunks of
 * ten. On a FIFO queue (URL ending in .fifo) each message carries its group (the source's host) and a
 * deduplication id; otherwise
 * ten (the API's limit). SendMessageBatch can succeed as a call and still fail some entries; those entries are
 * sent again (up to `attempts` times in all) and, if some still fail, QueueError names how many — dispatch then
 * fails, and the next schedule sends the whole due list again (a duplicate message costs one conditional GET).
 */
import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { PollMessage, Queue } from '../ports';

export class QueueError extends Error {
  override name = 'QueueError';
}

const BATCH = 10;

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
    for (let i = 0; i < messages.length; i += BATCH) {
      let entries: SendMessageBatchRequestEntry[] = messages
        .slice(i, i + BATCH)
        .map((m, j) => ({
          Id: String(i + j),
          MessageBody: JSON.stringify({ sourceId: m.sourceId }),
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
}
