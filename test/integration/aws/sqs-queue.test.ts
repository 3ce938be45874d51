/**
 * The SQS Queue adapter, against real queues on moto_server (a FIFO queue like the stack's, and a standard one):
 * batching, message groups and deduplication ids, and SQS's own FIFO deduplication of a repeated dispatch.
 * What moto cannot do — accept a call and fail some of its entries (a transient SQS fault), or fail the call —
 * is scripted by a MOCK: a client middleware answering SendMessageBatch after the SDK has validated the input.
 */
import {
  CreateQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
  type SendMessageBatchCommandInput,
  type SendMessageBatchCommandOutput,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueError, SqsQueue } from '../../../src/adapters/sqs-queue';
import { MOTO_CREDENTIALS, startMoto, type Moto } from './moto';

let moto: Moto;
let sqs: SQSClient;
const sent: SendMessageBatchCommandInput[] = [];
beforeAll(async () => {
  moto = await startMoto();
  sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, useQueueUrlAsEndpoint: false });
  // Observes (does not answer) each SendMessageBatch call, to see the batching.
  sqs.middlewareStack.add(
    (next, ctx) => async (args) => {
      if (ctx.commandName === 'SendMessageBatchCommand') sent.push(structuredClone(args.input as SendMessageBatchCommandInput));
      return next(args);
    },
    { step: 'initialize', name: 'observeBatches' },
  );
});
afterAll(async () => {
  sqs?.destroy();
  await moto?.stop();
});

let queues = 0;
async function queue(fifo: boolean): Promise<string> {
  const name = `q${++queues}${fifo ? '.fifo' : ''}`;
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' } : {} }));
  return out.QueueUrl!;
}

async function receiveAll(url: string): Promise<Array<{ body: unknown; group?: string; dedupe?: string }>> {
  const got: Array<{ body: unknown; group?: string; dedupe?: string }> = [];
  for (;;) {
    const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], VisibilityTimeout: 600 }));
    if (!r.Messages?.length) return got;
    for (const m of r.Messages) got.push({ body: JSON.parse(m.Body!), group: m.Attributes?.MessageGroupId, dedupe: m.Attributes?.MessageDeduplicationId });
  }
}

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

describe('SqsQueue on moto', () => {
  it.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [23, [10, 10, 3]],
  ])('sends %i messages in batches of %j, each arriving once', async (n, sizes) => {
    // Prepare
    const url = await queue(false);
    sent.length = 0;
    // Act
    await new SqsQueue(sqs, url).send(msgs(n));
    // Assess
    expect(sent.map((c) => c.Entries!.length)).toEqual(sizes);
    expect((await receiveAll(url)).map((m) => (m.body as { sourceId: string }).sourceId).sort()).toEqual(msgs(n).map((m) => m.sourceId).sort());
  });

  it('gives each message its host group and deduplication id on a FIFO queue, and neither on a standard one, and its request in the body', async () => {
    // Prepare
    const fifo = await queue(true);
    const standard = await queue(false);
    const fetch = { for: 'https://wire.example/rss', url: 'https://wire.example/rss', etag: '"v1"' };
    const messages = [{ sourceId: 's1', group: 'wire.example', dedupeId: 's1:first', fetch }, { sourceId: 's2' }];
    // Act
    await new SqsQueue(sqs, fifo).send(messages);
    await new SqsQueue(sqs, standard).send(messages);
    // Assess: the body carries the source and the poll's request
    expect(await receiveAll(fifo)).toEqual([
      { body: { sourceId: 's1', fetch }, group: 'wire.example', dedupe: 's1:first' },
      { body: { sourceId: 's2' }, group: 's2', dedupe: 's2' },
    ]);
    expect((await receiveAll(standard)).map((m) => [m.group, m.dedupe])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
    ]);
  });

  it('a repeated dispatch (the same deduplication ids within 5 minutes) adds nothing to the FIFO queue', async () => {
    // Prepare
    const fifo = await queue(true);
    const messages = [{ sourceId: 's1', group: 'a.example', dedupeId: 's1:2026-11-28T12:00:00.000Z' }, { sourceId: 's2', group: 'b.example', dedupeId: 's2:first' }];
    // Act
    await new SqsQueue(sqs, fifo).send(messages);
    await new SqsQueue(sqs, fifo).send(messages);
    // Assess
    expect((await receiveAll(fifo)).map((m) => (m.body as { sourceId: string }).sourceId)).toEqual(['s1', 's2']);
  });
});

describe('SqsQueue when SQS fails entries or calls (scripted: moto does not fail them)', () => {
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
