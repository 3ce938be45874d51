/**
 * The SQS Queue adapter. A MOCK stands in for SQS (no local SQS): a client middleware answers SendMessageBatch,
 * scripted per call, after the SDK has validated the input.
 */
import { SQSClient, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { QueueError, SqsQueue } from '../../../src/adapters/sqs-queue';

type Answer = (input: SendMessageBatchCommandInput) => Partial<SendMessageBatchCommandOutput> | Error;

function fakeSqs(answers: Answer[]): { client: SQSClient; calls: SendMessageBatchCommandInput[] } {
  const client = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' } });
  const calls: SendMessageBatchCommandInput[] = [];
  client.middlewareStack.add(
    () => async (args) => {
      const input = args.input as SendMessageBatchCommandInput;
      calls.push(structuredClone(input));
      const answer = (answers[calls.length - 1] ?? answers[answers.length - 1]!)(input);
      if (answer instanceof Error) throw answer;
      return { output: { $metadata: {}, ...answer }, response: {} } as never;
    },
    { step: 'initialize', name: 'fakeSqs' },
  );
  return { client, calls };
}

const allOk: Answer = (input) => ({ Successful: input.Entries!.map((e) => ({ Id: e.Id!, MessageId: `m-${e.Id}`, MD5OfMessageBody: '' })), Failed: [] });
const failIds = (ids: string[]): Answer => (input) => ({
  Successful: input.Entries!.filter((e) => !ids.includes(e.Id!)).map((e) => ({ Id: e.Id!, MessageId: `m-${e.Id}`, MD5OfMessageBody: '' })),
  Failed: input.Entries!.filter((e) => ids.includes(e.Id!)).map((e) => ({ Id: e.Id!, Code: 'InternalError', SenderFault: false })),
});
const msgs = (n: number) => Array.from({ length: n }, (_, i) => ({ sourceId: `s${i}` }));

describe('SqsQueue', () => {
  it.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [23, [10, 10, 3]],
  ])('sends %i messages in batches of %j', async (n, sizes) => {
    // Prepare
    const { client, calls } = fakeSqs([allOk]);
    // Act
    await new SqsQueue(client, 'https://sqs.example/q').send(msgs(n));
    // Assess
    expect(calls.map((c) => c.Entries!.length)).toEqual(sizes);
    expect(calls.flatMap((c) => c.Entries!.map((e) => JSON.parse(e.MessageBody!).sourceId))).toEqual(msgs(n).map((m) => m.sourceId));
  });

  it('gives each message its host group and deduplication id on a FIFO queue, and neither on a standard one', async () => {
    // Prepare
    const fifo = fakeSqs([allOk]);
    const standard = fakeSqs([allOk]);
    const messages = [{ sourceId: 's1', group: 'wire.example', dedupeId: 's1:first' }, { sourceId: 's2' }];
    // Act
    await new SqsQueue(fifo.client, 'https://sqs.example/123/wiresieve-dev-poll.fifo').send(messages);
    await new SqsQueue(standard.client, 'https://sqs.example/123/q').send(messages);
    // Assess
    expect(fifo.calls[0]!.Entries!.map((e) => [e.MessageGroupId, e.MessageDeduplicationId])).toEqual([
      ['wire.example', 's1:first'],
      ['s2', 's2'],
    ]);
    expect(standard.calls[0]!.Entries!.map((e) => [e.MessageGroupId, e.MessageDeduplicationId])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('sends the entries SQS did not accept again, and only those', async () => {
    // Prepare
    const { client, calls } = fakeSqs([failIds(['1', '3']), allOk]);
    // Act
    await new SqsQueue(client, 'https://sqs.example/q').send(msgs(5));
    // Assess
    expect(calls.map((c) => c.Entries!.map((e) => e.Id))).toEqual([['0', '1', '2', '3', '4'], ['1', '3']]);
  });

  it.each([
    ['entries that keep failing', [failIds(['2'])], /1 message\(s\) not accepted after 3 attempts: InternalError/],
    ['a failed call', [() => new Error('connect ETIMEDOUT')], /queue: cannot send 4 message\(s\): connect ETIMEDOUT/],
  ])('throws QueueError for %s', async (_name, answers, expected) => {
    // Prepare
    const { client } = fakeSqs(answers);
    // Act
    const sending = new SqsQueue(client, 'https://sqs.example/q').send(msgs(4));
    // Assess
    await expect(sending).rejects.toThrow(QueueError);
    await expect(sending).rejects.toThrow(expected);
  });
});
